using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Models.Clip;

namespace ImageSearch.Tests.Ranking;

/// <summary>
/// Tier selection end to end, with tiny CLIP stand-ins of the export's exact signature (the real weights cannot be
/// downloaded here): which tier ranks, backfill when CLIP arrives after the catalog, sessions surviving a tier change,
/// and a corrupt model reported by health instead of crashing.
/// </summary>
[TestClass]
public sealed class ClipTierTests
{
    private DirectoryInfo _models = null!;

    [TestInitialize]
    public void WriteTinyClip()
    {
        _models = Directory.CreateTempSubdirectory("imagesearch-clip-");
        Directory.CreateDirectory(Path.Combine(_models.FullName, "onnx"));
        TinyClipModels.WriteTextModel(Path.Combine(_models.FullName, "onnx", "text_model.onnx"));
        TinyClipModels.WriteVisionModel(Path.Combine(_models.FullName, "onnx", "vision_model.onnx"));
        File.Copy(ClipTestData.PreprocessorConfig, Path.Combine(_models.FullName, "preprocessor_config.json"));
    }

    [TestCleanup]
    public void RemoveTinyClip() => _models.Delete(recursive: true);

    [TestMethod]
    public async Task ClipArrivingAfterTheCatalogIsBackfilledThenRanksAndOldSessionsKeepWorking()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        string sessionId, uploadId;
        await using (var before = await ImageSearchApp.StartAsync(storage, null))
        {
            await before.ImportAsync(DemoStamp.All().Take(12).ToList());
            var health = await before.Client.GetFromJsonAsync<JsonElement>("api/health");
            Assert.AreEqual("embedded", health.GetProperty("activeTier").GetString());
            var clip = Tier(health, "clip");
            Assert.IsFalse(clip.GetProperty("available").GetBoolean());
            StringAssert.Contains(clip.GetProperty("detail").GetString(), "download-models.sh");
            Assert.DoesNotContain(_models.FullName, clip.GetProperty("detail").GetString()!);

            sessionId = await before.CreateSessionAsync();
            using var uploaded = await before.UploadAsync(sessionId, Synthetic.Png());
            uploadId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var embedded = await before.PostOkAsync($"api/sessions/{sessionId}/search", new { query = "an animal", uploadIds = new[] { uploadId } });
            Assert.AreEqual("embedded", embedded.GetProperty("ranking").GetProperty("tier").GetString());
        }

        await using var after = await ImageSearchApp.StartAsync(storage, null, ClipArgs());
        var ready = await WaitForActiveTierAsync(after, "clip");
        Assert.AreEqual(12, Tier(ready, "clip").GetProperty("catalogItemsEmbedded").GetInt32());

        var answer = await after.PostOkAsync($"api/sessions/{sessionId}/search", new { query = "an animal", uploadIds = new[] { uploadId } });

        Assert.AreEqual("clip", answer.GetProperty("ranking").GetProperty("tier").GetString());
        CollectionAssert.AreEqual(new[] { "clip-vit-base-patch32" }, answer.GetProperty("ranking").GetProperty("models").EnumerateArray().Select(m => m.GetString()).ToList());
        Assert.AreEqual(10, answer.GetProperty("results").GetArrayLength());
    }

    [TestMethod]
    public async Task CorruptClipModelIsReportedByHealthAndTheEmbeddedTierAnswers()
    {
        await File.WriteAllBytesAsync(Path.Combine(_models.FullName, "onnx", "vision_model.onnx"), new byte[] { 1, 2, 3, 4, 5 });
        await using var app = await ImageSearchApp.StartAsync(null, ClipArgs());
        await app.ImportAsync(DemoStamp.All().Take(3).ToList());

        var health = await app.Client.GetFromJsonAsync<JsonElement>("api/health");
        var clip = Tier(health, "clip");
        Assert.IsFalse(clip.GetProperty("available").GetBoolean());
        StringAssert.Contains(clip.GetProperty("detail").GetString(), "cannot be loaded");
        StringAssert.Contains(clip.GetProperty("detail").GetString(), "onnx/vision_model.onnx");
        Assert.DoesNotContain(_models.FullName, clip.GetProperty("detail").GetString()!, "no server paths in a public answer");
        Assert.DoesNotContain("ONNX", clip.GetProperty("detail").GetString()!, "no exception text in a public answer");
        Assert.AreEqual("embedded", health.GetProperty("activeTier").GetString());

        var answer = await app.SearchAsync(await app.CreateSessionAsync(), "a dog");
        Assert.AreEqual("embedded", answer.GetProperty("ranking").GetProperty("tier").GetString());
    }

    private string[] ClipArgs() =>
    [
        $"--Clip:ModelDirectory={_models.FullName}",
        $"--Clip:BpeVocabularyPath={ClipTestData.BpeArchive}",
        "--Catalog:BackfillIntervalSeconds=1",
    ];

    private static JsonElement Tier(JsonElement health, string name) =>
        health.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);

    private static async Task<JsonElement> WaitForActiveTierAsync(ImageSearchApp app, string tier)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await app.Client.GetAsync("api/health");
            var health = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (health.GetProperty("activeTier").GetString() == tier)
            {
                return health;
            }

            Assert.IsLessThan(deadline, DateTime.UtcNow, $"tier {tier} never became active: {health}");
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(250);
        }
    }
}
