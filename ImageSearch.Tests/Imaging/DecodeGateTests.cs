using ImageSearch.Core.Errors;
using ImageSearch.Core.Imaging;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImageSearch.Tests.Imaging;

[TestClass]
public sealed class DecodeGateTests
{
    [TestMethod]
    public async Task PastItsSlotsAnUploadGetsDecoderBusyAndASlotFreedIsUsableAgain()
    {
        using var gate = Gate(new ImageLimitsOptions { MaxConcurrentDecodes = 2, DecodeQueueSeconds = 0 });
        var first = await gate.EnterAsync(CancellationToken.None);
        using var second = await gate.EnterAsync(CancellationToken.None);

        var busy = await Assert.ThrowsExactlyAsync<ImageSearchException>(() => gate.EnterAsync(CancellationToken.None));
        Assert.AreEqual("decoder-busy", busy.Code);
        Assert.AreEqual(ErrorKind.Unavailable, busy.Kind);
        Assert.AreEqual(5, busy.RetryAfterSeconds, "the answer says when to retry");

        first.Dispose();
        first.Dispose(); // a slot is given back once, however often it is disposed
        using var third = await gate.EnterAsync(CancellationToken.None);
        await Assert.ThrowsExactlyAsync<ImageSearchException>(() => gate.EnterAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task AWebFetchWaitsForASlotWithinItsOwnDeadline()
    {
        using var gate = Gate(new ImageLimitsOptions { MaxConcurrentDecodes = 1 });
        var held = await gate.EnterAsync(CancellationToken.None);

        var waiting = gate.WaitAsync(CancellationToken.None);
        Assert.IsFalse(waiting.IsCompleted);
        held.Dispose();
        using var slot = await waiting;

        using var deadline = new CancellationTokenSource();
        var cancelled = gate.WaitAsync(deadline.Token);
        await deadline.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => cancelled);
    }

    [TestMethod]
    public void ZeroSlotsMeansOnePerProcessor() =>
        Assert.AreEqual(Environment.ProcessorCount, Gate(new ImageLimitsOptions()).Capacity);

    [TestMethod]
    public async Task TheGateStartsTheQuietPeriodWhenItsLastSlotIsFreed()
    {
        var clock = new FakeTimeProvider();
        using var gate = Gate(new ImageLimitsOptions { MaxConcurrentDecodes = 2, ReleaseMemoryAfterSeconds = 2 }, clock);
        var first = await gate.EnterAsync(CancellationToken.None);
        var second = await gate.EnterAsync(CancellationToken.None);
        first.Dispose();
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.AreEqual(0, gate.Relief.Count, "a slot is still held");

        second.Dispose();
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.AreEqual(1, gate.Relief.Count);
    }

    private static DecodeGate Gate(ImageLimitsOptions options, TimeProvider? clock = null, LogCollector? logs = null)
    {
        using var factory = LoggerFactory.Create(builder =>
        {
            if (logs is not null)
            {
                builder.AddProvider(logs);
            }
        });
        return new DecodeGate(Options.Create(options), clock ?? TimeProvider.System, factory.CreateLogger<DecodeGate>());
    }
}
