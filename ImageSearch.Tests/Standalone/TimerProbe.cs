using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Tests.Standalone;

/// <summary>Collects timer invocations so tests can wait for them with a bounded timeout instead of sleeping.</summary>
public sealed class TimerProbe
{
    private readonly ConcurrentDictionary<string, Channel<TimerInfo>> _invocations = new();

    public void Record(string function, TimerInfo timer) => Invocations(function).Writer.TryWrite(timer);

    public async Task<IReadOnlyList<TimerInfo>> WaitForAsync(string function, int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var received = new List<TimerInfo>();
        try
        {
            while (received.Count < count)
            {
                received.Add(await Invocations(function).Reader.ReadAsync(deadline.Token));
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timer function {function} ran {received.Count} of {count} times within {timeout}.");
        }

        return received;
    }

    private Channel<TimerInfo> Invocations(string function) => _invocations.GetOrAdd(function, _ => Channel.CreateUnbounded<TimerInfo>());
}
