namespace ImageSearch.Benchmarks.Infrastructure;

/// <summary>
/// The demo photos as scripts/import-catalog.sh reads them (title from the file name, description from the sidecar .txt,
/// category and tags from the folders; no symbols/, no mirrored copies), from IMAGESEARCH_STAMPS_DIR or
/// .artifacts/stamps (where scripts/run.sh extracts them).
/// </summary>
internal sealed record DemoStamp(string Path, string Title, string Description, string Category, string Tags)
{
    public const string EnvironmentVariable = "IMAGESEARCH_STAMPS_DIR";

    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            var directory = string.IsNullOrWhiteSpace(configured)
                ? System.IO.Path.Combine(RepoPaths.Root, ".artifacts", "stamps", "usr", "share", "tuxpaint", "stamps")
                : configured;
            return System.IO.Directory.Exists(directory)
                ? directory
                : throw new InvalidOperationException($"No demo photos at {directory}: set {EnvironmentVariable} (see docs/performance.md).");
        }
    }

    public static IReadOnlyList<DemoStamp> All()
    {
        var root = Directory;
        return System.IO.Directory.EnumerateFiles(root, "*.png", SearchOption.AllDirectories)
            .Select(path => (Path: path, Relative: System.IO.Path.GetRelativePath(root, path).Replace('\\', '/')))
            .Where(x => !x.Relative.StartsWith("symbols/", StringComparison.Ordinal) && !x.Relative.EndsWith("_mirror.png", StringComparison.Ordinal))
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

    /// <summary>The text the catalog embeds for this photo (as the importer builds it).</summary>
    public string IndexText => Core.Catalog.CatalogItem.IndexText(Title, Description, Tags.Split(',', StringSplitOptions.RemoveEmptyEntries));
}
