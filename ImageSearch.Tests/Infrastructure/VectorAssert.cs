namespace ImageSearch.Tests.Infrastructure;

internal static class VectorAssert
{
    /// <summary>Same length and no component differs by <paramref name="tolerance"/> or more.</summary>
    public static void AreClose(float[] expected, float[] actual, float tolerance, string message)
    {
        Assert.HasCount(expected.Length, actual, message);
        var maxDifference = expected.Zip(actual, (a, b) => MathF.Abs(a - b)).Max();
        Assert.IsLessThan(tolerance, maxDifference, message);
    }
}
