namespace ImageSearch.Tests.Infrastructure;

/// <summary>The tests' view of the demo catalog: from <see cref="StampPhotos"/> (fails the test when missing), minus the held-out photos.</summary>
public sealed partial record DemoStamp
{
    /// <summary>Photos kept out of the test catalog, to search with "an image not itself in the catalog".</summary>
    public static readonly IReadOnlyList<string> HeldOut = ["food/fruit/apple_fuji.png"];

    public static string PathOf(string relative) => System.IO.Path.Combine(StampPhotos.Directory, relative);

    public static IReadOnlyList<DemoStamp> All() => All(StampPhotos.Directory, HeldOut.ToHashSet());
}
