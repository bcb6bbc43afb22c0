namespace ImageSearch.Tests.Models.Clip;

/// <summary>Files the CLIP tests read. Missing files fail the test with a message; they never skip it.</summary>
internal static class ClipTestData
{
    /// <summary>openai/CLIP's BPE vocabulary (MIT), kept in the project's shared folder beside the repository.</summary>
    public static string BpeArchive => Require(Path.Combine(RepositoryRoot, "..", "shared", "data", "clip", "bpe_simple_vocab_16e6.txt.gz"));

    /// <summary>Copy of openai/clip-vit-base-patch32's preprocessor_config.json (316 bytes, public).</summary>
    public static string PreprocessorConfig => Require(Path.Combine(AppContext.BaseDirectory, "Models", "Clip", "Data", "preprocessor_config.json"));

    private static string RepositoryRoot => Infrastructure.RepoPaths.Root;

    private static string Require(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            Assert.Fail($"Test data '{full}' is missing. The CLIP tests need <repo>/../shared/data/clip (the project's shared folder) and the committed Models/Clip/Data files.");
        }

        return full;
    }
}
