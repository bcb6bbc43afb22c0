using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Tests.Standalone;

/// <summary>Test-only timer functions; each reports its invocations to the <see cref="TimerProbe"/> of its host.</summary>
public sealed class TimerTestFunctions(TimerProbe probe)
{
    public const string ScheduleSetting = "StandaloneTestSchedule";

    [Function("EverySecond")]
    public void EverySecond([TimerTrigger("*/1 * * * * *")] TimerInfo timer) => probe.Record("EverySecond", timer);

    [Function("FromSetting")]
    public Task FromSettingAsync([TimerTrigger($"%{ScheduleSetting}%")] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken)
    {
        probe.Record("FromSetting", timer);
        return Task.CompletedTask;
    }

    [Function("OnStartup")]
    public void OnStartup([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer) => probe.Record("OnStartup", timer);
}
