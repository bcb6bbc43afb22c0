using System.Text.RegularExpressions;
using Cronos;
using Microsoft.Extensions.Configuration;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// A timer function's schedule: its six-field NCRONTAB expression (seconds first), with <c>%Setting%</c> references
/// resolved from configuration as the host's name resolver does. Occurrences are computed in UTC, the host's default
/// (WEBSITE_TIME_ZONE is not honoured here).
/// </summary>
internal sealed partial class TimerSchedule
{
    private readonly CronExpression _expression;

    private TimerSchedule(string expression, CronExpression parsed)
    {
        Expression = expression;
        _expression = parsed;
    }

    /// <summary>The resolved expression.</summary>
    public string Expression { get; }

    public static TimerSchedule Parse(TimerFunction function, IConfiguration configuration)
    {
        var expression = SettingReference().Replace(function.Schedule, match => Resolve(function, match.Groups[1].Value, configuration));
        try
        {
            return new TimerSchedule(expression, CronExpression.Parse(expression, CronFormat.IncludeSeconds));
        }
        catch (CronFormatException exception)
        {
            throw new InvalidOperationException(
                $"Timer function '{function.Name}' has schedule '{expression}', which is not a six-field NCRONTAB expression " +
                "({second} {minute} {hour} {day} {month} {day-of-week}).",
                exception);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when the schedule never fires again.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after) => _expression.GetNextOccurrence(after, TimeZoneInfo.Utc);

    private static string Resolve(TimerFunction function, string setting, IConfiguration configuration) =>
        configuration[setting]
        ?? configuration[setting.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)]
        ?? throw new InvalidOperationException(
            $"Timer function '{function.Name}' uses the schedule '{function.Schedule}', but setting '{setting}' is not configured.");

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
