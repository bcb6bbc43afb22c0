using ImageSearch.Core.Imaging;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ImageSearch.Tests.Imaging;

[TestClass]
public sealed class DecodeMemoryReliefTests
{
    private const long MiB = 1024 * 1024;

    private readonly FakeTimeProvider _clock = new();
    private readonly LogCollector _logs = new();
    private bool _idle = true;
    private long _resident = 500 * MiB;

    [TestMethod]
    public void AfterTheQuietPeriodOfABurstOneCollectionRunsAndIsLogged()
    {
        using var relief = Relief(TimeSpan.FromSeconds(2));
        _resident += 300 * MiB;

        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.AreEqual(0, relief.Count);
        _clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.AreEqual(1, relief.Count);
        var logged = _logs.Where("Decoding quiet: resident memory").Single();
        Assert.AreEqual(800L, logged.Values["BeforeMiB"]);
    }

    [TestMethod]
    public void SlotsFreedAgainWithinTheQuietPeriodPostponeIt()
    {
        using var relief = Relief(TimeSpan.FromSeconds(2));
        _resident += 300 * MiB;

        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        relief.SlotsFreed(); // another decode came and went
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.AreEqual(0, relief.Count);
        _clock.Advance(TimeSpan.FromSeconds(0.5));

        Assert.AreEqual(1, relief.Count);
    }

    [TestMethod]
    public void NothingRunsWhileASlotIsTakenOrWhenMemoryHardlyGrew()
    {
        using var relief = Relief(TimeSpan.FromSeconds(2));
        _resident += DecodeMemoryRelief.ThresholdBytes - MiB;
        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.AreEqual(0, relief.Count, "grew less than the threshold");

        _resident += 2 * MiB;
        _idle = false;
        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.AreEqual(0, relief.Count, "a decode is running");

        _idle = true;
        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.AreEqual(1, relief.Count);
    }

    [TestMethod]
    public void ZeroSecondsTurnsItOff()
    {
        using var relief = Relief(TimeSpan.Zero);
        _resident += 300 * MiB;

        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.AreEqual(0, relief.Count);
    }

    private DecodeMemoryRelief Relief(TimeSpan quiet)
    {
        var factory = LoggerFactory.Create(builder => builder.AddProvider(_logs));
        return new DecodeMemoryRelief(quiet, () => _idle, () => _resident, _clock, factory.CreateLogger("relief"));
    }
}
