using Cronos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Runs each timer function on its six-field NCRONTAB schedule (seconds first, UTC, as the host by default), one
/// invocation at a time; a failing invocation is logged and the schedule goes on. A schedule that does not parse stops
/// the app at start-up. Time comes from the registered <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class TimerScheduler(
    IReadOnlyList<FunctionEntry> functions, IServiceScopeFactory scopes, TimeProvider time, ILogger<TimerScheduler> logger) : BackgroundService
{
    private readonly List<(FunctionEntry Function, CronExpression Schedule)> _timers =
        [.. functions.Where(f => f.Schedule is not null).Select(f => (f, Parse(f)))];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_timers.Select(timer => RunAsync(timer.Function, timer.Schedule, stoppingToken)));

    private async Task RunAsync(FunctionEntry function, CronExpression schedule, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var last = time.GetUtcNow();
        while (schedule.GetNextOccurrence(last, TimeZoneInfo.Utc) is { } occurrence)
        {
            var wait = occurrence - time.GetUtcNow();
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await InvokeAsync(function, last, schedule.GetNextOccurrence(occurrence, TimeZoneInfo.Utc), stoppingToken);
            last = occurrence;
        }
    }

    private async Task InvokeAsync(FunctionEntry function, DateTimeOffset last, DateTimeOffset? next, CancellationToken stoppingToken)
    {
        var timer = new TimerInfo
        {
            ScheduleStatus = new ScheduleStatus { Last = last.UtcDateTime, Next = next?.UtcDateTime ?? default, LastUpdated = time.GetUtcNow().UtcDateTime },
        };
        await using var scope = scopes.CreateAsyncScope();
        var arguments = function.Method.GetParameters().Select(p => p.ParameterType == typeof(TimerInfo) ? timer : (object)stoppingToken).ToArray();
        try
        {
            await FunctionInvocation.InvokeAsync(function.Method, ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Method.DeclaringType!), arguments);
            LogExecuted(function.Name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the host cancels running timer invocations the same way.
        }
        catch (Exception exception)
        {
            LogFailed(exception, function.Name);
        }
    }

    private static CronExpression Parse(FunctionEntry function)
    {
        if (function.Method.GetParameters().FirstOrDefault(p => p.ParameterType != typeof(TimerInfo) && p.ParameterType != typeof(CancellationToken)) is { } other)
        {
            throw new NotSupportedException($"The '{function.Name}' function: parameter '{other.Name}' is not bound in standalone mode (TimerInfo, CancellationToken).");
        }

        try
        {
            return CronExpression.Parse(function.Schedule!, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new InvalidOperationException($"The '{function.Name}' function is in error: '{function.Schedule}' is not a six-field NCRONTAB expression.", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed timer function {FunctionName}")]
    private partial void LogExecuted(string functionName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed")]
    private partial void LogFailed(Exception exception, string functionName);
}
