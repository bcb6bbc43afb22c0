namespace ImageSearch.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The repository root: the nearest ancestor of the test binaries holding ImageSearch.slnx.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImageSearch.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (ImageSearch.slnx) not found above " + AppContext.BaseDirectory);
    }
}
