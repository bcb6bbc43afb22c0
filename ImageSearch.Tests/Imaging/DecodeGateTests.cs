using ImageSearch.Core.Errors;
using ImageSearch.Core.Imaging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Imaging;

[TestClass]
public sealed class DecodeGateTests
{
    [TestMethod]
    public async Task PastItsSlotsAnUploadGetsDecoderBusyAndASlotFreedIsUsableAgain()
    {
        using var gate = new DecodeGate(Options.Create(new ImageLimitsOptions { MaxConcurrentDecodes = 2, DecodeQueueSeconds = 0 }));
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
        using var gate = new DecodeGate(Options.Create(new ImageLimitsOptions { MaxConcurrentDecodes = 1 }));
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
        Assert.AreEqual(Environment.ProcessorCount, new DecodeGate(Options.Create(new ImageLimitsOptions())).Capacity);
}
