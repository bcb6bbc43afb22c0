namespace ImageSearch.Tests.Standalone;

[TestClass]
public sealed class StandaloneTimerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task TimerFunctionsFireOnTheirSchedulesAndOnStartup()
    {
        await using var host = await StandaloneTestHost.StartAsync(TestContext.CancellationToken);

        var everySecond = await host.Probe.WaitForAsync("EverySecond", count: 2, Timeout);
        var fromSetting = await host.Probe.WaitForAsync("FromSetting", count: 1, Timeout);
        var onStartup = await host.Probe.WaitForAsync("OnStartup", count: 1, Timeout);

        var (first, second) = (everySecond[0].ScheduleStatus!, everySecond[1].ScheduleStatus!);
        Assert.IsGreaterThan(first.Next, second.Next, "Each run reports the occurrence after it as Next.");
        Assert.IsLessThan(second.Next, second.Last, "The second run reports the first run's occurrence as Last.");
        Assert.AreNotEqual(default, second.Last);
        Assert.AreEqual(0, second.Next.Millisecond, "Occurrences come from the schedule, on whole seconds.");
        Assert.IsNotNull(fromSetting[0].ScheduleStatus, "%Setting% schedule resolved and ran.");
        var yearly = onStartup[0].ScheduleStatus!;
        Assert.AreEqual(1, yearly.Next.Month, "RunOnStartup ran although the next occurrence is on 1 January.");
        Assert.AreEqual(1, yearly.Next.Day);
    }
}
