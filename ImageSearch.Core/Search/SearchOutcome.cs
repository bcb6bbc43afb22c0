using ImageSearch.Core.Refinement;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;

namespace ImageSearch.Core.Search;

/// <summary>What a search, a refinement or an undo produced: the page of results and everything that shaped it.</summary>
/// <param name="SessionId">The session it ran in (results' download links are issued to it).</param>
/// <param name="Query">The typed query, if any.</param>
/// <param name="EffectiveQuery">The query as the pipeline understood it (text, then "— without" the negative terms).</param>
/// <param name="Results">The requested page of results, best first.</param>
/// <param name="Tier">The ranking tier that ranked.</param>
/// <param name="Models">The models of that tier.</param>
/// <param name="Candidates">How many candidates were ranked.</param>
/// <param name="Page">The page number.</param>
/// <param name="UploadIds">Uploads the search uses.</param>
/// <param name="Refinements">The refinement steps applied, oldest first.</param>
/// <param name="Sources">How each image source did.</param>
/// <param name="Timings">How long each stage took.</param>
/// <param name="Controls">The filter, cut and order it ranked with (now the session's).</param>
/// <param name="Cut">Where the ranked candidates were cut.</param>
public sealed record SearchOutcome(
    string SessionId,
    string? Query,
    string EffectiveQuery,
    IReadOnlyList<RankedResult> Results,
    string Tier,
    IReadOnlyList<string> Models,
    int Candidates,
    int Page,
    IReadOnlyList<string> UploadIds,
    IReadOnlyList<AppliedRefinement> Refinements,
    IReadOnlyList<SourceStatus> Sources,
    IReadOnlyList<StageTiming> Timings,
    RankingControls Controls,
    ResultCut Cut);
