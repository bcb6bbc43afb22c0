using ImageSearch.Core.Catalog;
using ImageSearch.Functions.Http;

namespace ImageSearch.Functions.Contracts;

/// <summary>The answer to a batch import: how many images were imported and rejected, and what became of each (by its index).</summary>
public sealed record CatalogBatchView(int Imported, int Rejected, IReadOnlyList<CatalogBatchItemView> Items)
{
    public static CatalogBatchView From(IReadOnlyList<(int Index, CatalogImportOutcome Outcome)> outcomes, ApiLinks links)
    {
        var items = outcomes.Select(o => CatalogBatchItemView.From(o.Index, o.Outcome, links)).ToList();
        var imported = items.Count(i => i.Item is not null);
        return new CatalogBatchView(imported, items.Count - imported, items);
    }
}

/// <summary>One image of a batch: <c>imported</c> with its item, or <c>rejected</c> with the problem an import of it alone would have answered.</summary>
public sealed record CatalogBatchItemView(int Index, string Status, CatalogItemView? Item, ImportProblemView? Problem)
{
    public static CatalogBatchItemView From(int index, CatalogImportOutcome outcome, ApiLinks links) => outcome.Item is { } item
        ? new(index, "imported", CatalogItemView.From(item, links), null)
        : new(index, "rejected", null, ImportProblemView.From(ProblemDetailsMapper.Map(outcome.Rejection!)));
}

/// <summary>Why one image of a batch was rejected: the fields of the problem document its own import would have answered.</summary>
public sealed record ImportProblemView(string Type, string Title, int Status, string Detail)
{
    public static ImportProblemView From(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        new(problem.Type ?? "", problem.Title ?? "", problem.Status ?? 0, problem.Detail ?? "");
}
