using ImageSearch.Tests.Models;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>
/// The demo catalog as scripts/import-catalog.sh reads it: every image with a sidecar .txt (first line = description),
/// title from the file name, category and tags from the folders; no symbols/, no mirrored copies.
/// </summary>
public sealed record DemoStamp(string Path, string Title, string Description, string Category, string Tags)
{
    /// <summary>Photos kept out of the test catalog, to search with "an image not itself in the catalog".</summary>
    public static readonly IReadOnlyList<string> HeldOut = ["food/fruit/apple_fuji.png"];

    public static string PathOf(string relative) => System.IO.Path.Combine(StampPhotos.Directory, relative);

    public static IReadOnlyList<DemoStamp> All()
    {
        var root = StampPhotos.Directory;
        return Directory.EnumerateFiles(root, "*.png", SearchOption.AllDirectories)
            .Select(path => (Path: path, Relative: System.IO.Path.GetRelativePath(root, path).Replace('\\', '/')))
            .Where(x => !x.Relative.StartsWith("symbols/", StringComparison.Ordinal) && !x.Relative.EndsWith("_mirror.png", StringComparison.Ordinal))
            .Where(x => !HeldOut.Contains(x.Relative))
            .Where(x => File.Exists(System.IO.Path.ChangeExtension(x.Path, ".txt")))
            .OrderBy(x => x.Relative, StringComparer.Ordinal)
            .Select(x =>
            {
                var folders = System.IO.Path.GetDirectoryName(x.Relative)!.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var title = System.IO.Path.GetFileNameWithoutExtension(x.Path).Replace('_', ' ').Replace('-', ' ');
                var description = File.ReadLines(System.IO.Path.ChangeExtension(x.Path, ".txt")).FirstOrDefault()?.Trim() ?? "";
                return new DemoStamp(x.Path, title, description, folders.FirstOrDefault() ?? "", string.Join(',', folders));
            })
            .ToList();
    }
}
