using System.Text.Json;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Infra;

/// <summary>What host.json must keep.</summary>
[TestClass]
public sealed class HostJsonTests
{
    /// <summary>
    /// The host's Application Insights request telemetry would carry each request's URL, and the session API's URLs hold
    /// the session id, a bearer secret. Without the extended HTTP collection a request is recorded under its function's
    /// name (Microsoft.Azure.WebJobs.Logging.ApplicationInsights, HttpAutoCollectionOptions).
    /// </summary>
    [TestMethod]
    public void RequestTelemetryIsCollectedWithoutRequestUrls()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));

        var options = hostJson.RootElement.GetProperty("logging").GetProperty("applicationInsights").GetProperty("httpAutoCollectionOptions");

        Assert.IsFalse(options.GetProperty("enableHttpTriggerExtendedInfoCollection").GetBoolean());
        Assert.AreEqual("2.0", hostJson.RootElement.GetProperty("version").GetString());
    }
}
