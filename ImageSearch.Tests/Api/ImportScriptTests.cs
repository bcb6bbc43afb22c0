using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Api;

/// <summary>scripts/import-catalog.sh against the real app: it sends the function key the host (and standalone mode) demands.</summary>
[TestClass]
public sealed class ImportScriptTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ScriptImportsWithTheFunctionKeyAndStopsOnAWrongOne()
    {
        await using var app = await ImageSearchApp.StartAsync();
        var folder = Directory.CreateTempSubdirectory("imagesearch-import-");
        try
        {
            var animals = Directory.CreateDirectory(Path.Combine(folder.FullName, "animals"));
            await File.WriteAllBytesAsync(Path.Combine(animals.FullName, "red_box.png"), Synthetic.Png(), TestContext.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(animals.FullName, "red_box.txt"), "A red box.\n", TestContext.CancellationToken);
            var api = app.BaseAddress.ToString().TrimEnd('/');

            var wrong = await RunScriptAsync(folder.FullName, api, "not-the-key");

            Assert.AreNotEqual(0, wrong.ExitCode, wrong.ToString());
            Assert.Contains("401", wrong.StandardOutput + wrong.StandardError, wrong.ToString());
            Assert.Contains("--function-key", wrong.StandardOutput + wrong.StandardError, wrong.ToString());
            Assert.AreEqual(0, await CatalogSizeAsync(app));

            var right = await RunScriptAsync(folder.FullName, api, ImageSearchApp.FunctionKey);

            Assert.AreEqual(0, right.ExitCode, right.ToString());
            Assert.AreEqual(1, await CatalogSizeAsync(app));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task AFolderWithoutDescriptionsIsImportedAndARerunImportsOnlyWhatIsNew()
    {
        await using var app = await ImageSearchApp.StartAsync();
        var folder = Directory.CreateTempSubdirectory("imagesearch-import-");
        try
        {
            var photos = Directory.CreateDirectory(Path.Combine(folder.FullName, "holiday"));
            await File.WriteAllBytesAsync(Path.Combine(photos.FullName, "beach_day.png"), Synthetic.Png(), TestContext.CancellationToken);
            var api = app.BaseAddress.ToString().TrimEnd('/');

            var first = await RunScriptAsync(folder.FullName, api, ImageSearchApp.FunctionKey);

            Assert.AreEqual(0, first.ExitCode, first.ToString());
            Assert.AreEqual(1, await CatalogSizeAsync(app), "an image without a sidecar .txt is imported");
            var session = await app.CreateSessionAsync();
            var found = await app.SearchAsync(session, "beach day");
            var hit = found.GetProperty("results")[0];
            Assert.AreEqual("beach day", hit.GetProperty("title").GetString(), "the title comes from the file name");
            Assert.AreEqual("", hit.GetProperty("description").GetString());

            await File.WriteAllBytesAsync(Path.Combine(photos.FullName, "sunset.png"), Synthetic.Png(96, 72), TestContext.CancellationToken);
            var second = await RunScriptAsync(folder.FullName, api, ImageSearchApp.FunctionKey);

            Assert.AreEqual(0, second.ExitCode, second.ToString());
            StringAssert.Contains(second.StandardError, "Importing 1 images", "only the new image is sent: " + second);
            StringAssert.Contains(second.StandardError, "1 imported before");
            Assert.AreEqual(2, await CatalogSizeAsync(app));

            var third = await RunScriptAsync(folder.FullName, api, ImageSearchApp.FunctionKey);
            Assert.AreEqual(0, third.ExitCode, third.ToString());
            StringAssert.Contains(third.StandardError, "Nothing to do");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<ToolRun> RunScriptAsync(string folder, string api, string functionKey) =>
        ToolProcess.RunAsync("bash",
            [Path.Combine(RepoPaths.Root, "scripts", "import-catalog.sh"), folder, "--api", api,
             "--admin-key", ImageSearchApp.AdminKey, "--function-key", functionKey, "--jobs", "1"],
            TimeSpan.FromMinutes(2));

    private static async Task<int> CatalogSizeAsync(ImageSearchApp app) =>
        (await app.Client.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("catalogSize").GetInt32();
}
