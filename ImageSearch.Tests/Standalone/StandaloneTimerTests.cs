using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ImageSearch.Tests.Standalone;

/// <summary>The app's own timer function (CleanupIdleSessions, every five minutes) runs on its schedule in standalone mode.</summary>
[TestClass]
public sealed class StandaloneTimerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task TheCleanupTimerDeletesASessionOnlyOnceItIsIdleLongerThanTheTimeout()
    {
        var clock = new FakeTimeProvider(Start);
        using var logs = new LogCollector();
        await using var app = await ImageSearchApp.StartAsync(services => services.AddSingleton<TimeProvider>(clock).AddSingleton<ILoggerProvider>(logs));
        var idle = await app.CreateSessionAsync();

        // The schedule fires at :05, :10, ... of the fake clock; the session is idle for 30 minutes at 12:30.
        await AdvanceMinutesAsync(clock, 29);
        await WaitForRunsAsync(logs, 5); // 12:05 ... 12:25
        Assert.IsTrue(await ExistsAsync(app, idle), "five runs before the timeout left the session alone");

        await AdvanceMinutesAsync(clock, 11); // 12:40: the 12:35 run finds it idle for 35 minutes
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (await ExistsAsync(app, idle))
        {
            await Task.Delay(50, deadline.Token); // polling the awaited condition: the run is asynchronous to the clock
        }
    }

    private static async Task AdvanceMinutesAsync(FakeTimeProvider clock, int minutes)
    {
        for (var i = 0; i < minutes; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1)); // a minute at a time: each scheduled wait ends on its own occurrence
            await Task.Yield();
        }
    }

    /// <summary>Waits until the timer has run <paramref name="count"/> times (its log line is the signal).</summary>
    private async Task WaitForRunsAsync(LogCollector logs, int count)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (logs.Where("Executed timer function CleanupIdleSessions").Count < count)
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    // Reads the row without touching it (a GET would count as activity).
    private static async Task<bool> ExistsAsync(ImageSearchApp app, string id) =>
        (await app.Storage.Sessions.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(SessionId.StorageKey(id), SessionEntity.Row)).HasValue;
}
