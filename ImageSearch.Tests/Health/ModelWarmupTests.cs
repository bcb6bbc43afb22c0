using ImageSearch.Core.Health;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Models.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Tests.Health;

/// <summary>Start-up: one warning per unusable model with its reason (no server paths), each stage's choice logged, nothing thrown.</summary>
[TestClass]
public sealed class ModelWarmupTests
{
    [TestMethod]
    public async Task WarnsOncePerUnusableModelAndKeepsRunning()
    {
        var root = Directory.CreateTempSubdirectory("warmup-");
        try
        {
            var corrupt = TinyCaptioner.Write(Path.Combine(root.FullName, "corrupt"));
            await File.WriteAllTextAsync(Path.Combine(corrupt, "onnx", "encoder_model.onnx"), "<html>404</html>");
            using var logs = new LogCollector();
            using var provider = TestServices.Build(new Dictionary<string, string?>
            {
                ["Captioner:ModelDirectory"] = corrupt,
                ["QueryRewriter:ModelDirectory"] = Path.Combine(root.FullName, "missing"),
                ["Clip:ModelDirectory"] = Path.Combine(root.FullName, "missing"),
                ["EmbeddedModels:ModelDirectory"] = Path.Combine(root.FullName, "missing"), // ResNet absent: no tier to warm
            }, logs);
            var warmup = provider.GetServices<IHostedService>().OfType<ModelWarmup>().Single();

            await warmup.StartAsync(CancellationToken.None);
            await warmup.ExecuteTask!;
            await warmup.StopAsync(CancellationToken.None);

            var entries = logs.Entries.Where(e => e.Category.EndsWith(nameof(ModelWarmup), StringComparison.Ordinal)).ToList();
            var warnings = entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
            Assert.HasCount(5, warnings, string.Join("\n", warnings));
            Assert.ContainsSingle(warnings.Where(w => w.StartsWith("Captioning: model vit-gpt2 is unavailable", StringComparison.Ordinal) && w.Contains("encoder_model.onnx", StringComparison.Ordinal)));
            Assert.ContainsSingle(warnings.Where(w => w.StartsWith("Query refinement: model distilgpt2 is unavailable", StringComparison.Ordinal) && w.Contains("not downloaded", StringComparison.Ordinal)));
            Assert.ContainsSingle(warnings.Where(w => w.StartsWith("Ranking: model clip is unavailable", StringComparison.Ordinal)));
            Assert.ContainsSingle(warnings.Where(w => w.StartsWith("Ranking: model embedded is unavailable", StringComparison.Ordinal) && w.Contains("resnet18.preprocess.json", StringComparison.Ordinal)));
            Assert.ContainsSingle(warnings.Where(w => w.StartsWith("Captioning: model nearest-neighbour is unavailable", StringComparison.Ordinal)));
            Assert.IsFalse(warnings.Any(w => w.Contains(root.FullName, StringComparison.Ordinal)), "no server paths: " + string.Join("\n", warnings));
            CollectionAssert.Contains(entries.Select(e => e.Message).ToList(), "Captioning uses none");
            CollectionAssert.Contains(entries.Select(e => e.Message).ToList(), "Query refinement uses rules");
            Assert.ContainsSingle(entries.Where(e => System.Text.RegularExpressions.Regex.IsMatch(e.Message, @"^ONNX Runtime \d+\.\d+\.\d+: telemetry events disabled$")));
            Assert.IsFalse(entries.Any(e => e.Level >= LogLevel.Error));
            Assert.IsFalse(entries.Any(e => e.Message.StartsWith("Tier ", StringComparison.Ordinal)), "no tier could be warmed");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
