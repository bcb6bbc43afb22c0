namespace ImageSearch.Tests.Infrastructure;

/// <summary>
/// The benchmarks' view of the demo catalog (the record itself is linked from ImageSearch.Tests): photos from
/// IMAGESEARCH_STAMPS_DIR or .artifacts/stamps (where scripts/run.sh extracts them), none held out.
/// </summary>
public sealed partial record DemoStamp
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

    public static IReadOnlyList<DemoStamp> All() => All(Directory, []);

    /// <summary>The text the catalog embeds for this photo (as the importer builds it).</summary>
    public string IndexText => Core.Catalog.CatalogItem.IndexText(Title, Description, Tags.Split(',', StringSplitOptions.RemoveEmptyEntries));
}
