using System.Globalization;

namespace ImageSearch.Benchmarks.Infrastructure;

/// <summary>Percentiles of a sample (nearest-rank), in the unit of the sample.</summary>
internal sealed record Distribution(int Count, double Min, double P50, double P95, double P99, double Max, double Mean)
{
    public static Distribution Of(IReadOnlyCollection<double> sample)
    {
        if (sample.Count == 0)
        {
            return new Distribution(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = sample.Order().ToArray();
        return new Distribution(sorted.Length, sorted[0], Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n={Count} p50={P50:0.0} p95={P95:0.0} p99={P99:0.0} min={Min:0.0} max={Max:0.0} mean={Mean:0.0}");

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
