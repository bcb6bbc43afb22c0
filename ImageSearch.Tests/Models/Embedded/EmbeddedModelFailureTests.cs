using ImageSearch.Core.Errors;
using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Models.Embedded;

[TestClass]
public sealed class EmbeddedModelFailureTests
{
    private string _directory = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateModelDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "imagesearch-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TestCleanup]
    public void DeleteModelDirectory() => Directory.Delete(_directory, recursive: true);

    [TestMethod]
    public async Task EmptyModelDirectoryGivesModelUnavailableNamingTheSettingsFile()
    {
        var error = await EmbedExpectingFailureAsync();

        Assert.AreEqual(Path.Combine(_directory, "resnet18.preprocess.json"), error.Path);
        Assert.Contains(error.Path, error.Message);
        Assert.Contains("does not exist", error.Reason);
    }

    [TestMethod]
    public async Task MissingModelFileGivesModelUnavailableNamingIt()
    {
        CopyFromOutput("resnet18.preprocess.json", "ResNetPreprocess.onnx");

        var error = await EmbedExpectingFailureAsync();

        Assert.AreEqual(Path.Combine(_directory, "ResNet18.onnx"), error.Path);
        Assert.Contains("does not exist", error.Reason);
    }

    [TestMethod]
    public async Task CorruptModelFileGivesModelUnavailableNotAnOnnxRuntimeError()
    {
        CopyFromOutput("resnet18.preprocess.json", "ResNetPreprocess.onnx");
        await File.WriteAllTextAsync(Path.Combine(_directory, "ResNet18.onnx"), "<html>Not found</html>", TestContext.CancellationToken);

        var error = await EmbedExpectingFailureAsync();

        Assert.AreEqual(Path.Combine(_directory, "ResNet18.onnx"), error.Path);
        Assert.Contains("ONNX Runtime cannot load it", error.Reason);
    }

    [TestMethod]
    public async Task WrongModelFileGivesModelUnavailableListingItsInputs()
    {
        CopyFromOutput("ResNetPreprocess.onnx");
        File.Copy(Path.Combine(TestModels.ModelDirectory, "ResNetPreprocess.onnx"), Path.Combine(_directory, "ResNet18.onnx"));
        CopyFromOutput("resnet18.preprocess.json");

        var error = await EmbedExpectingFailureAsync();

        Assert.Contains("missing inputs [Input247]", error.Reason);
        Assert.Contains("OriginalInput", error.Reason);
    }

    [TestMethod]
    public async Task InvalidSettingsGiveModelUnavailableWithTheReason()
    {
        CopyFromOutput("ResNet18.onnx", "ResNetPreprocess.onnx");
        var json = await File.ReadAllTextAsync(Path.Combine(TestModels.ModelDirectory, "resnet18.preprocess.json"), TestContext.CancellationToken);
        await File.WriteAllTextAsync(
            Path.Combine(_directory, "resnet18.preprocess.json"), json.Replace("\"size\": 224", "\"size\": 0", StringComparison.Ordinal),
            TestContext.CancellationToken);

        var error = await EmbedExpectingFailureAsync();

        Assert.Contains("Size", error.Reason);
    }

    [TestMethod]
    public void ModelUnavailableIsA503WhoseClientDetailHidesThePath()
    {
        var error = new ModelUnavailableException("resnet18", "/srv/app/models/embedded/ResNet18.onnx", "the file does not exist");

        Assert.AreEqual(ErrorKind.Unavailable, error.Kind);
        Assert.AreEqual("model-unavailable", error.Code);
        Assert.DoesNotContain("/srv/app", error.Detail);
        Assert.Contains("/srv/app/models/embedded/ResNet18.onnx", error.Message);
    }

    private void CopyFromOutput(params string[] files)
    {
        foreach (var file in files)
        {
            File.Copy(Path.Combine(TestModels.ModelDirectory, file), Path.Combine(_directory, file));
        }
    }

    private async Task<ModelUnavailableException> EmbedExpectingFailureAsync()
    {
        using var embedder = new ResNetImageEmbedder(
            Options.Create(new EmbeddedModelOptions { ModelDirectory = _directory }), NullLogger<ResNetImageEmbedder>.Instance);
        using var image = new Image<Rgb24>(32, 32);

        return await Assert.ThrowsExactlyAsync<ModelUnavailableException>(
            () => embedder.EmbedAsync([image], TestContext.CancellationToken));
    }
}
