using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Api;

/// <summary>
/// Storage goes away under a running app (Azurite stopped) and comes back (started again on the same ports and data):
/// every endpoint answers 503 storage-unavailable with Retry-After within seconds, health answers 503, and afterwards
/// the same app serves the same session again — no restart, nothing lost.
/// </summary>
[TestClass]
public sealed class StorageOutageTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task OutageAnswers503WithRetryAfterAndTheAppRecoversWithoutRestart()
    {
        var data = Directory.CreateTempSubdirectory("azurite-outage-");
        await using var azurite = await Azurite.StartAsync(data.FullName);
        try
        {
            await using var app = await ImageSearchApp.StartAsync(
                TestStorage.Unique(azurite), null, "--Storage:MaxRetries=1", "--Storage:NetworkTimeoutSeconds=2");
            var sessionId = await app.CreateSessionAsync();
            await app.SearchAsync(sessionId, "a red fire truck");

            await azurite.StopAsync();

            await AssertOutageAsync(await app.Client.GetAsync($"api/sessions/{sessionId}", TestContext.CancellationToken));
            await AssertOutageAsync(await app.Client.PostAsJsonAsync($"api/sessions/{sessionId}/search", new { query = "a boat" }, TestContext.CancellationToken));
            await AssertOutageAsync(await app.Client.PostAsync("api/sessions", null, TestContext.CancellationToken));
            using (var health = await app.Client.GetAsync("api/health", TestContext.CancellationToken))
            {
                Assert.AreEqual(HttpStatusCode.ServiceUnavailable, health.StatusCode);
                var report = await health.Content.ReadFromJsonAsync<JsonElement>(TestContext.CancellationToken);
                Assert.IsFalse(report.GetProperty("storageReachable").GetBoolean());
                Assert.AreEqual("5", health.Headers.GetValues("Retry-After").Single());
            }

            await azurite.StartAgainAsync();

            // The same app recovers by itself: await the condition (health healthy again), bounded.
            using var recovery = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
            recovery.CancelAfter(TimeSpan.FromSeconds(60));
            while (true)
            {
                using var health = await app.Client.GetAsync("api/health", recovery.Token);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                await Task.Delay(200, recovery.Token);
            }

            using var session = await app.Client.GetAsync($"api/sessions/{sessionId}", TestContext.CancellationToken);
            Assert.AreEqual(HttpStatusCode.OK, session.StatusCode, "the session written before the outage is still there");
            var again = await app.SearchAsync(sessionId, "a boat");
            Assert.AreEqual(JsonValueKind.Array, again.GetProperty("results").ValueKind, again.ToString());
        }
        finally
        {
            await azurite.StopAsync();
            data.Delete(recursive: true);
        }
    }

    private static async Task AssertOutageAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode, body);
            Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, body);
            Assert.AreEqual("https://imagesearch.dev/problems/storage-unavailable", JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
            Assert.AreEqual("5", response.Headers.GetValues("Retry-After").Single());
            Assert.IsTrue(response.Headers.CacheControl?.NoStore, "problem answers are never stored");
        }
    }
}
