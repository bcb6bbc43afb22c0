using ImageSearch.Core.Embeddings;

namespace ImageSearch.Tests.Embeddings;

/// <summary>
/// <see cref="BackgroundWorkScheduler"/>: background work and everything it awaits runs on the scheduler's own threads,
/// never on the thread pool that serves searches; its own work never waits for a free thread of it (no deadlock with one
/// thread). The timeouts only turn a hang into a failure.
/// </summary>
[TestClass]
public sealed class BackgroundWorkSchedulerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task WorkAndItsContinuationsRunOnTheSchedulersThreadsNeverOnThePool()
    {
        using var scheduler = new BackgroundWorkScheduler(2, "test-background");
        var completedElsewhere = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var threads = new List<(string? Name, bool Pool, bool Own)>();
        void Record() => threads.Add((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread, scheduler.IsOwnThread));

        var work = Task.Factory.StartNew(async () =>
        {
            Record();
            await Task.Yield();
            Record();
            await completedElsewhere.Task; // completed by a thread-pool thread below
            Record();
            await Task.Run(() => { }, TestContext.CancellationToken); // work the pool ran, awaited here
            Record();
        }, TestContext.CancellationToken, TaskCreationOptions.DenyChildAttach, scheduler).Unwrap();
        await Task.Run(completedElsewhere.SetResult, TestContext.CancellationToken);
        await work.WaitAsync(Timeout, TestContext.CancellationToken);

        Assert.HasCount(4, threads);
        foreach (var (name, pool, own) in threads)
        {
            Assert.IsFalse(pool, "a step ran on a thread-pool thread");
            Assert.IsTrue(own, $"a step ran on '{name}', not one of the scheduler's threads");
            StringAssert.StartsWith(name, "test-background");
        }
    }

    [TestMethod]
    public async Task ItsOnlyThreadWaitingForWorkQueuedToItRunsThatWorkInsteadOfDeadlocking()
    {
        using var scheduler = new BackgroundWorkScheduler(1, "test-background");

        var answer = Task.Factory.StartNew(() =>
        {
            var inner = Task.Factory.StartNew(() => 42, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
            return inner.Result; // the one thread waits for work queued behind it
        }, TestContext.CancellationToken, TaskCreationOptions.DenyChildAttach, scheduler);

        Assert.AreEqual(42, await answer.WaitAsync(Timeout, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task DisposeLetsQueuedWorkFinishAndLaterWorkStillRuns()
    {
        var scheduler = new BackgroundWorkScheduler(1, "test-background");
        using var release = new ManualResetEventSlim();
        var blocking = Task.Factory.StartNew(() => release.Wait(TestContext.CancellationToken), TestContext.CancellationToken, TaskCreationOptions.DenyChildAttach, scheduler);
        var queued = Task.Factory.StartNew(() => "ran", TestContext.CancellationToken, TaskCreationOptions.DenyChildAttach, scheduler);

        release.Set();
        scheduler.Dispose();
        var later = Task.Factory.StartNew(() => "ran too", TestContext.CancellationToken, TaskCreationOptions.DenyChildAttach, scheduler);

        await blocking.WaitAsync(Timeout, TestContext.CancellationToken);
        Assert.AreEqual("ran", await queued.WaitAsync(Timeout, TestContext.CancellationToken));
        Assert.AreEqual("ran too", await later.WaitAsync(Timeout, TestContext.CancellationToken));
    }
}
