namespace ImageSearch.Tests.Ranking;

/// <summary>
/// The catalog holds its vectors at fp16 precision: the tests' own rounding (a plain <see cref="Half"/> cast per
/// element, independent of the product's vectorised conversion) gives the values an index must hold for a vector.
/// </summary>
internal static class Fp16
{
    public static float[] Round(float[] vector) => [.. vector.Select(x => (float)(Half)x)];
}
