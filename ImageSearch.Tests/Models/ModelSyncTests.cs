using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Core.Models;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Models.Clip;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Models;

/// <summary>How model files reach an instance in Azure: copied from a blob container at start (Azurite here).</summary>
[TestClass]
public sealed class ModelSyncTests
{
    [TestMethod]
    public async Task MissingFilesAreCopiedOnceThenNothing()
    {
        var storageOptions = await TestEnvironment.UniqueStorageAsync();
        var storage = await TestEnvironment.StorageAsync(storageOptions);
        var container = storage.Blobs.GetBlobContainerClient("models-" + storageOptions.SessionsTable[^10..]);
        await container.CreateAsync();
        await container.UploadBlobAsync("clip/onnx/text_model.onnx", BinaryData.FromBytes([1, 2, 3]));
        await container.UploadBlobAsync("clip/preprocessor_config.json", BinaryData.FromString("{}"));
        var local = Directory.CreateTempSubdirectory("imagesearch-sync-");
        var sync = new ModelSync(storage, Options.Create(new ModelSyncOptions()), NullLogger<ModelSync>.Instance);

        var first = await sync.SyncAsync(container.Name, local.FullName, CancellationToken.None);
        var second = await sync.SyncAsync(container.Name, local.FullName, CancellationToken.None);

        Assert.AreEqual(2, first);
        Assert.AreEqual(0, second, "nothing changed, nothing copied");
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(Path.Combine(local.FullName, "clip", "onnx", "text_model.onnx")));
        local.Delete(recursive: true);
    }

    [TestMethod]
    public async Task AppCopiesClipFromItsModelContainerAtStartAndRanksWithIt()
    {
        var storageOptions = await TestEnvironment.UniqueStorageAsync();
        var storage = await TestEnvironment.StorageAsync(storageOptions);
        var container = storage.Blobs.GetBlobContainerClient("models-" + storageOptions.SessionsTable[^10..]);
        await container.CreateAsync();
        var staging = Directory.CreateTempSubdirectory("imagesearch-tiny-clip-");
        TinyClipModels.WriteTextModel(Path.Combine(staging.FullName, "text_model.onnx"));
        TinyClipModels.WriteVisionModel(Path.Combine(staging.FullName, "vision_model.onnx"));
        await container.UploadBlobAsync("clip-vit-base-patch32/onnx/text_model.onnx", BinaryData.FromBytes(await File.ReadAllBytesAsync(Path.Combine(staging.FullName, "text_model.onnx"))));
        await container.UploadBlobAsync("clip-vit-base-patch32/onnx/vision_model.onnx", BinaryData.FromBytes(await File.ReadAllBytesAsync(Path.Combine(staging.FullName, "vision_model.onnx"))));
        await container.UploadBlobAsync("clip-vit-base-patch32/preprocessor_config.json", BinaryData.FromBytes(await File.ReadAllBytesAsync(ClipTestData.PreprocessorConfig)));
        var local = Path.Combine(staging.FullName, "cache");

        await using var app = await ImageSearchApp.StartAsync(storageOptions, null,
            $"--Models:BlobContainer={container.Name}", $"--Models:LocalDirectory={local}",
            $"--Clip:ModelDirectory={Path.Combine(local, "clip-vit-base-patch32")}", $"--Clip:BpeVocabularyPath={ClipTestData.BpeArchive}");
        await app.ImportAsync(DemoStamp.All().Take(3).ToList());

        var health = await app.Client.GetFromJsonAsync<JsonElement>("api/health");
        Assert.AreEqual("clip", health.GetProperty("activeTier").GetString(), health.ToString());
        staging.Delete(recursive: true);
    }
}
