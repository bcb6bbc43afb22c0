using System.Text.Json;
using ImageSearch.Core.Refinement;

namespace ImageSearch.Functions.Contracts;

/// <summary>One applied refinement step as the API shows it; <see cref="Kind"/> is "feedback", "select" or "reject" (the contract's RefinementKind).</summary>
public sealed record RefinementView(
    string Kind,
    string? Feedback,
    string? ResultId,
    string? ResultSource,
    string? ResultTitle,
    IReadOnlyList<string> Positive,
    IReadOnlyList<string> Negative,
    string ParsedBy)
{
    public static RefinementView From(AppliedRefinement step) =>
        new(JsonNamingPolicy.CamelCase.ConvertName(step.Kind.ToString()), step.Feedback, step.ResultId, step.ResultSource, step.ResultTitle, step.Positive, step.Negative, step.ParsedBy);
}
