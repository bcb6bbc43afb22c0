namespace ImageSearch.Core.Models;

/// <summary>
/// Where a model's files are: its folder (null for a model held in an assembly's resources) and the files its load reads,
/// relative to the folder (or absolute, for a file configured elsewhere). <see cref="Downloaded"/> models come from
/// <c>scripts/download-models.sh</c>; the others ship with the app.
/// </summary>
public sealed record ModelFiles(string ModelId, string? Directory, IReadOnlyList<string> Files, bool Downloaded)
{
    /// <summary>The one way a configured model folder is resolved: a relative folder is under the app's own folder.</summary>
    public static string ResolveFolder(string configured) => Path.GetFullPath(configured, AppContext.BaseDirectory);

    /// <summary>Files in a configured folder (resolved with <see cref="ResolveFolder"/>).</summary>
    public static ModelFiles InFolder(string modelId, string configuredFolder, IReadOnlyList<string> files, bool downloaded) =>
        new(modelId, ResolveFolder(configuredFolder), files, downloaded);

    /// <summary>A model read from an assembly's embedded resources: nothing on disk to check.</summary>
    public static ModelFiles Embedded(string modelId) => new(modelId, null, [], false);

    public string PathOf(string file) => Directory is null ? file : Path.Combine(Directory, file);

    /// <summary>The text operators see for a file: relative to the model folder, or only its name when it is elsewhere.</summary>
    public string Display(string file) => Path.IsPathRooted(file) ? Path.GetFileName(file) : file;

    /// <summary><paramref name="text"/> with every server path of this model replaced by its <see cref="Display"/> form.</summary>
    public string WithoutServerPaths(string text)
    {
        foreach (var file in Files.Where(Path.IsPathRooted))
        {
            text = text.Replace(file, Display(file), StringComparison.Ordinal);
        }

        if (Directory is not null)
        {
            foreach (var folder in new[] { Path.GetFullPath(Directory), Directory }.Select(Path.TrimEndingDirectorySeparator).Distinct())
            {
                text = text.Replace(folder + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)
                    .Replace(folder, "the model folder", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
