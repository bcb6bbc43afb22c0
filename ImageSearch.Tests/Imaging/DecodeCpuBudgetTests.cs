using System.Diagnostics;
using ImageSearch.Core.Imaging;

namespace ImageSearch.Tests.Imaging;

[TestClass]
public sealed class DecodeCpuBudgetTests
{
    [TestMethod]
    public void WorkOnTheThreadIsStoppedWhenItHasUsedItsCpuTime()
    {
        using var budget = new DecodeCpuBudget(TimeSpan.FromMilliseconds(300), TimeProvider.System, CancellationToken.None);
        var spinning = Stopwatch.StartNew();
        while (!budget.Token.IsCancellationRequested && spinning.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.SpinWait(1000);
        }

        Assert.IsTrue(budget.Exhausted, $"still running after {spinning.Elapsed.TotalSeconds:0.0} s of spinning");
        Assert.IsGreaterThanOrEqualTo(0.29, spinning.Elapsed.TotalSeconds, "not before its CPU time was used");
    }

    [TestMethod]
    public void WaitingIsNotCounted()
    {
        // The budget is CPU time, not wall time: a thread that waits (as a decode waits for a busy machine's cores) keeps it.
        using var budget = new DecodeCpuBudget(TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None);

        Thread.Sleep(TimeSpan.FromMilliseconds(800));

        Assert.IsFalse(budget.Token.IsCancellationRequested);
        Assert.IsFalse(budget.Exhausted);
    }

    [TestMethod]
    public void TheCallersCancellationPassesThroughAndIsNotTheBudgets()
    {
        using var caller = new CancellationTokenSource();
        using var budget = new DecodeCpuBudget(TimeSpan.FromSeconds(10), TimeProvider.System, caller.Token);

        caller.Cancel();

        Assert.IsTrue(budget.Token.IsCancellationRequested);
        Assert.IsFalse(budget.Exhausted);
    }
}
