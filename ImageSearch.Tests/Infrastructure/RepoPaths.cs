namespace ImageSearch.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The repository root: the nearest ancestor of the test binaries holding ImageSearch.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The tuxpaint stamps folder (scripts/test.sh exports it); tests that need real photos fail without it.</summary>
    public static string Stamps
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("IMAGESEARCH_STAMPS_DIR");
            if (string.IsNullOrEmpty(dir))
            {
                var cached = Path.Combine(Root, ".artifacts", "stamps", "usr", "share", "tuxpaint", "stamps");
                dir = Directory.Exists(cached) ? cached : null;
            }

            return dir is not null && Directory.Exists(dir)
                ? dir
                : throw new InvalidOperationException("The demo photos are missing: run scripts/test.sh, which extracts tuxpaint-stamps-default, or set IMAGESEARCH_STAMPS_DIR.");
        }
    }

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
