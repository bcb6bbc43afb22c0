using System.Globalization;

namespace ImageSearch.Benchmarks.Infrastructure;

/// <summary>The custom benchmarks' options: <c>--runs N</c>, <c>--queries N</c>, <c>--limit N</c>, <c>--photos DIR</c>, <c>--batch-only</c> (import).</summary>
internal sealed record BenchOptions(int? Runs, int? Queries, int? Limit, string? Photos, bool BatchOnly = false)
{
    public static BenchOptions Parse(string[] args)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        string? photos = null;
        var batchOnly = false;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] == "--batch-only")
            {
                batchOnly = true;
                i--; // a flag without a value
            }
            else if (args[i] == "--photos" && i + 1 < args.Length && Directory.Exists(args[i + 1]))
            {
                photos = args[i + 1];
            }
            else if (args[i] is "--runs" or "--queries" or "--limit" && i + 1 < args.Length
                && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                numbers[args[i]] = value;
            }
            else
            {
                throw new ArgumentException($"Unknown or invalid option '{args[i]}' (expected --runs N, --queries N, --limit N or --photos DIR).");
            }
        }

        return new BenchOptions(Get("--runs"), Get("--queries"), Get("--limit"), photos, batchOnly);

        int? Get(string name) => numbers.TryGetValue(name, out var value) ? value : null;
    }
}
