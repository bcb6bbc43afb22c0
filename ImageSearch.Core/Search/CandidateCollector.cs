using ImageSearch.Core.Catalog;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Refinement;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Search;

/// <summary>
/// The candidates of one search: the selected sources asked at once (web sources also with a few query variations), their
/// answers merged and de-duplicated once (<see cref="SourceFanOut"/>), then given the active tier's embeddings
/// (<see cref="CandidateEmbedder"/>). A failed source is reported, logged and skipped. Only the sources the controls admit
/// are asked, and the catalog applies the controls' filter while it scans.
/// </summary>
public sealed partial class CandidateCollector(
    IEnumerable<IImageSource> sources, RefinerSelector refiners, CandidateEmbedder embedder, IOptions<SearchOptions> options,
    ILogger<CandidateCollector> logger)
{
    private const int Variations = 2;

    public async Task<SourceFanOut.Result> CollectAsync(
        ComposedQuery query, CatalogIndex catalog, IRankingTier tier, RankingControls controls, int count, StageTimer timer,
        CancellationToken cancellationToken)
    {
        SourceFanOut.Result found;
        using (timer.Stage(PipelineStage.Fetch))
        {
            var selected = SourceSelection.Select(sources, options.Value.Sources).Where(s => controls.AdmitsSource(s.Name)).ToList();
            IReadOnlyList<string> variations = selected.Any(s => s.Name != CatalogSource.SourceName)
                ? await refiners.Active.VaryAsync(query.Text, Variations, cancellationToken)
                : [];
            found = await SourceFanOut.FindAsync(selected, new SourceQuery(query.Text, variations, query.Vectors, catalog, controls.Filter), count, cancellationToken);
            foreach (var failed in found.Sources.Where(s => !s.Available))
            {
                LogSourceFailed(failed.Name, failed.Reason ?? "");
            }
        }

        using (timer.Stage(PipelineStage.EmbedCandidates))
        {
            return found with { Candidates = await embedder.EmbedAsync(tier, found.Candidates, cancellationToken) };
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source} unavailable: {Reason}")]
    private partial void LogSourceFailed(string source, string reason);
}
