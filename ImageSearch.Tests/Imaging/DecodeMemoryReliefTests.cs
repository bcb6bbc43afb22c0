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
    private int _poolReleases;

    [TestMethod]
    public void AfterTheQuietPeriodOfABurstThePoolsAreReleasedAndOneCollectionRunsAndIsLogged()
    {
        using var relief = Relief(TimeSpan.FromSeconds(2));

        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.AreEqual(0, relief.Count);
        Assert.AreEqual(0, _poolReleases);
        _clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.AreEqual(1, relief.Count);
        Assert.AreEqual(1, _poolReleases);
        var logged = _logs.Where("Decoding quiet: resident memory").Single();
        Assert.AreEqual(800L, logged.Values["BeforeMiB"]);
    }

    [TestMethod]
    public void SlotsFreedAgainWithinTheQuietPeriodPostponeIt()
    {
        using var relief = Relief(TimeSpan.FromSeconds(2));

        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        relief.SlotsFreed(); // another decode came and went
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.AreEqual(0, relief.Count);
        _clock.Advance(TimeSpan.FromSeconds(0.5));

        Assert.AreEqual(1, relief.Count);
    }

    [TestMethod]
    public void NothingRunsWhileASlotIsTakenNorWithoutDecoding()
    {
        using var relief = Relief(TimeSpan.FromSeconds(2));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, relief.Count, "nothing was decoded");

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
    public void BurstsCloserThanTheMinimumIntervalShareOneCollectionAndTheLaterOneStillComes()
    {
        using var relief = Relief(TimeSpan.FromSeconds(2));
        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.AreEqual(1, relief.Count);

        relief.SlotsFreed(); // a second burst ends 1 s later: quiet at 3 s after the first collection, too soon
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.AreEqual(1, relief.Count);
        _clock.Advance(DecodeMemoryRelief.MinimumInterval - TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(1));
        Assert.AreEqual(1, relief.Count);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.AreEqual(2, relief.Count, "the second burst's memory is released once the interval has passed");
        Assert.AreEqual(2, _poolReleases);
    }

    [TestMethod]
    public void ZeroSecondsTurnsItOff()
    {
        using var relief = Relief(TimeSpan.Zero);

        relief.SlotsFreed();
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.AreEqual(0, relief.Count);
        Assert.AreEqual(0, _poolReleases);
    }

    private DecodeMemoryRelief Relief(TimeSpan quiet)
    {
        var factory = LoggerFactory.Create(builder => builder.AddProvider(_logs));
        return new DecodeMemoryRelief(quiet, () => _idle, () => _poolReleases++, () => 800 * MiB, _clock, factory.CreateLogger("relief"));
    }
}
