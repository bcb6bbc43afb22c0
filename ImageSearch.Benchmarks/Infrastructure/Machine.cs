using System.Globalization;

namespace ImageSearch.Benchmarks.Infrastructure;

/// <summary>What the machine was doing: the figures only mean something next to the core count and the load.</summary>
internal static class Machine
{
    public static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{fields[0]} {fields[1]} {fields[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, load average {LoadAverage()} (1/5/15 min), .NET {Environment.Version}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");

    public static void Print(string what) => Console.WriteLine($"== {what}: {Describe()}");
}
