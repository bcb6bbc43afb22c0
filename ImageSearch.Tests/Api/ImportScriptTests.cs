using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core.Pipeline;
using ImageSearch.Tests.Catalog;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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

    [TestMethod]
    public async Task AFolderWithoutSidecarsGoesInBatchesWithProgressAndARerunAfterAFailureSendsOnlyTheRest()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var versionWrites = new HoldingPolicy(m => m.Request.Method == Azure.Core.RequestMethod.Put
            && Uri.UnescapeDataString(m.Request.Uri.ToString()).Contains($"/{storage.CatalogTable}(PartitionKey='meta',RowKey='version')", StringComparison.Ordinal));
        await using var app = await ImageSearchApp.StartAsync(storage, services => services.AddSingleton<HttpPipelinePolicy>(versionWrites));
        var folder = Directory.CreateTempSubdirectory("imagesearch-import-");
        try
        {
            // Five photos without any .txt, one of them corrupt; sorted: a, b, broken, c, d -> batches [a b] [broken c] [d].
            var photos = Directory.CreateDirectory(Path.Combine(folder.FullName, "trip"));
            string[] good = ["a_lake", "b_hill", "c_road", "d_town"];
            for (var i = 0; i < good.Length; i++)
            {
                await File.WriteAllBytesAsync(Path.Combine(photos.FullName, good[i] + ".png"), Synthetic.Png(64 + (8 * i), 48), TestContext.CancellationToken);
            }

            var broken = Synthetic.Png(80, 60);
            await File.WriteAllBytesAsync(Path.Combine(photos.FullName, "broken_boat.png"), broken[..(broken.Length / 2)], TestContext.CancellationToken);
            var api = app.BaseAddress.ToString().TrimEnd('/');

            var first = await RunScriptAsync(folder.FullName, api, ImageSearchApp.FunctionKey, "--batch", "2");

            Assert.AreNotEqual(0, first.ExitCode, "a rejected image fails the run: " + first);
            StringAssert.Contains(first.StandardError, "Importing 5 images", first.ToString());
            StringAssert.Contains(first.StandardError, "3 batches", first.ToString());
            StringAssert.Contains(first.StandardError, "5/5", "progress reaches the end: " + first);
            StringAssert.Contains(first.StandardError, "failed: broken boat:", first.ToString());
            StringAssert.Contains(first.StandardError, "corrupt", first.ToString());
            StringAssert.Contains(first.StandardError, "imported 4, failed 1", first.ToString());
            Assert.AreEqual(4, await CatalogSizeAsync(app));
            Assert.AreEqual(3, versionWrites.Count, "one request and one version bump per batch of 2");

            await File.WriteAllBytesAsync(Path.Combine(photos.FullName, "broken_boat.png"), broken, TestContext.CancellationToken);
            var second = await RunScriptAsync(folder.FullName, api, ImageSearchApp.FunctionKey, "--batch", "2");

            Assert.AreEqual(0, second.ExitCode, second.ToString());
            StringAssert.Contains(second.StandardError, "Importing 1 images", "only the image not imported yet is sent: " + second);
            StringAssert.Contains(second.StandardError, "4 imported before", second.ToString());
            Assert.AreEqual(5, await CatalogSizeAsync(app));
            Assert.AreEqual(4, versionWrites.Count);
            var session = await app.CreateSessionAsync();
            var hit = (await app.SearchAsync(session, "broken boat")).GetProperty("results")[0];
            Assert.AreEqual("broken boat", hit.GetProperty("title").GetString(), "the title comes from the file name");
            Assert.AreEqual("", hit.GetProperty("description").GetString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<ToolRun> RunScriptAsync(string folder, string api, string functionKey, params string[] options) =>
        ToolProcess.RunAsync("bash",
            [Path.Combine(RepoPaths.Root, "scripts", "import-catalog.sh"), folder, "--api", api,
             "--admin-key", ImageSearchApp.AdminKey, "--function-key", functionKey, "--jobs", "1", .. options],
            TimeSpan.FromMinutes(2));

    private static async Task<int> CatalogSizeAsync(ImageSearchApp app) =>
        (await app.Client.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("catalogSize").GetInt32();
}
