using ImageSearch.Core.Search;
using ImageSearch.Core.Sessions;

namespace ImageSearch.Functions.Contracts;

/// <summary>The controls a ranking used, as stored in the session: the filter, the automatic cut, the floor, the order.</summary>
public sealed record ControlsView(FilterView Filter, int Autocut, float? MinScore, string Order)
{
    public static ControlsView From(RankingControls? controls)
    {
        var c = controls ?? RankingControls.Default;
        return new ControlsView(
            new FilterView(c.Filter?.Category, c.Filter?.Tags ?? [], c.Sources ?? [], c.Filter?.ImportedFrom, c.Filter?.ImportedTo),
            c.Autocut, c.MinScore, ControlRules.OrderNames[(int)c.Order]);
    }
}

/// <summary>A filter as the API shows it: empty lists and nulls do not filter.</summary>
public sealed record FilterView(
    string? Category, IReadOnlyList<string> Tags, IReadOnlyList<string> Sources, DateTimeOffset? ImportedFrom, DateTimeOffset? ImportedTo);
