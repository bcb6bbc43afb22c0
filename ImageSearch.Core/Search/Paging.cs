using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Search;

/// <summary>How many results per page, which page and how many candidates (the floor is checked here, and kept in the controls).</summary>
public sealed record Paging(int Top, int Page, int CandidateCount)
{
    public static Paging Validate(PageRequest request, SearchOptions settings)
    {
        var (top, candidates, minScore, page) = (request.Top, request.Candidates, request.MinScore, request.Page);
        if (top is < 1 || top > settings.MaxTop)
        {
            throw new RequestValidationException("invalid-top", $"\"top\" must be between 1 and {settings.MaxTop}.");
        }

        if (candidates is < 1 || candidates > settings.MaxCandidates)
        {
            throw new RequestValidationException("invalid-candidates", $"\"candidates\" must be between 1 and {settings.MaxCandidates}.");
        }

        if (minScore is { } floor && (float.IsNaN(floor) || floor < -1 || floor > 1))
        {
            throw new RequestValidationException("invalid-min-score", "\"minScore\" must be between -1 and 1.");
        }

        if (page is < 1 or > 10)
        {
            throw new RequestValidationException("invalid-page", "\"page\" must be between 1 and 10.");
        }

        var resultsPerPage = top ?? settings.DefaultTop;
        var pageNumber = page ?? 1;
        // Never more candidates than the configured maximum, whatever page is asked for: later pages are then short or empty.
        var candidateCount = Math.Min(settings.MaxCandidates, Math.Max(resultsPerPage * pageNumber, candidates ?? settings.DefaultCandidates));
        return new Paging(resultsPerPage, pageNumber, candidateCount);
    }
}
