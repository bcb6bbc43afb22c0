using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Runs every timer function on its own schedule. Like the host: one invocation at a time per function, RunOnStartup
/// honoured, a failing invocation is logged and the schedule continues. Schedules are parsed when the app starts, so a
/// bad expression or a missing <c>%Setting%</c> stops startup.
/// </summary>
internal sealed partial class TimerScheduler : BackgroundService
{
    // Timers cannot wait longer than ~49 days; a yearly schedule waits in steps.
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    private readonly IReadOnlyList<(TimerFunction Function, TimerSchedule Schedule)> _timers;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger<TimerScheduler> _logger;

    public TimerScheduler(
        FunctionCatalog catalog, IConfiguration configuration, IServiceScopeFactory scopes, TimeProvider time, ILogger<TimerScheduler> logger)
    {
        _timers = [.. catalog.Timers.Select(function => (function, TimerSchedule.Parse(function, configuration)))];
        _scopes = scopes;
        _time = time;
        _logger = logger;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_timers.Select(timer => RunAsync(timer.Function, timer.Schedule, stoppingToken)));

    private async Task RunAsync(TimerFunction function, TimerSchedule schedule, CancellationToken stoppingToken)
    {
        await Task.Yield();
        LogScheduled(function.Name, schedule.Expression, function.RunOnStartup);
        DateTimeOffset? last = null;
        if (function.RunOnStartup)
        {
            var now = _time.GetUtcNow();
            await InvokeAsync(function, last, schedule.GetNextOccurrence(now), stoppingToken);
            last = now;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            // From the later of now and the last occurrence: a timer that wakes a little early must not fire twice.
            if (schedule.GetNextOccurrence(last > now ? last.Value : now) is not { } occurrence)
            {
                return;
            }

            var wait = occurrence - now;
            try
            {
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (wait > MaxWait)
            {
                continue;
            }

            await InvokeAsync(function, last, schedule.GetNextOccurrence(occurrence), stoppingToken);
            last = occurrence;
        }
    }

    private async Task InvokeAsync(TimerFunction function, DateTimeOffset? last, DateTimeOffset? next, CancellationToken stoppingToken)
    {
        var timer = new TimerInfo
        {
            ScheduleStatus = new ScheduleStatus
            {
                Last = last?.UtcDateTime ?? default,
                Next = next?.UtcDateTime ?? default,
                LastUpdated = _time.GetUtcNow().UtcDateTime,
            },
        };

        await using var scope = _scopes.CreateAsyncScope();
        var context = new StandaloneFunctionContext(function.Name, function.Method, scope.ServiceProvider, stoppingToken, http: null);
        var arguments = function.Method.GetParameters().Select(p => ParameterBinding.BindTimer(p, timer, context)).ToArray();
        try
        {
            await FunctionInvoker.InvokeAsync(function.Method, scope.ServiceProvider, arguments);
            LogExecuted(function.Name, context.InvocationId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the host cancels running timer invocations the same way.
        }
        catch (Exception exception)
        {
            LogFailed(exception, function.Name, context.InvocationId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer function {FunctionName} scheduled: {Schedule} (RunOnStartup: {RunOnStartup})")]
    private partial void LogScheduled(string functionName, string schedule, bool runOnStartup);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed timer function {FunctionName} (Id={InvocationId})")]
    private partial void LogExecuted(string functionName, string invocationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed (Id={InvocationId})")]
    private partial void LogFailed(Exception exception, string functionName, string invocationId);
}
