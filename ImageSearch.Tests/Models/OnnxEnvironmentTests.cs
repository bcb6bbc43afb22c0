using ImageSearch.Core.Models;
using ImageSearch.Tests.Models.Generation;

namespace ImageSearch.Tests.Models;

/// <summary>ONNX Runtime's telemetry is switched off by the one path every session is opened through.</summary>
[TestClass]
public sealed class OnnxEnvironmentTests
{
    [TestMethod]
    public void OpeningASessionHasSwitchedTelemetryOffFirst()
    {
        var root = Directory.CreateTempSubdirectory("onnx-env-");
        try
        {
            var folder = TinyCaptioner.Write(Path.Combine(root.FullName, "tiny"));
            var model = Directory.EnumerateFiles(folder, "*.onnx", SearchOption.AllDirectories).First();

            using var session = OnnxSessions.FromFile("tiny", model, intraOpNumThreads: 1);

            Assert.IsTrue(OnnxEnvironment.TelemetryDisabled);
            StringAssert.Matches(OnnxEnvironment.EnsureConfigured(), new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+$"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
