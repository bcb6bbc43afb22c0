using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Standalone;

[TestClass]
public sealed class LocalSettingsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task LocalSettingsValuesConfigureStandaloneModeBelowCommandLine()
    {
        var contentRoot = Directory.CreateTempSubdirectory("imagesearch-content-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(contentRoot.FullName, "local.settings.json"), $$"""
                {
                  "IsEncrypted": false,
                  "Values": {
                    "Storage__Container": "images",
                    "Overridden": "from file"
                  }
                }
                """, TestContext.CancellationToken);

            await using var host = await ImageSearchApp.StartAsync("--contentRoot", contentRoot.FullName, "--Overridden=from args");

            Assert.AreEqual("images", host.App.Configuration["Storage:Container"], "Section__Key becomes Section:Key.");
            Assert.AreEqual("from args", host.App.Configuration["Overridden"], "Command-line arguments win over local.settings.json.");
        }
        finally
        {
            contentRoot.Delete(recursive: true);
        }
    }
}
