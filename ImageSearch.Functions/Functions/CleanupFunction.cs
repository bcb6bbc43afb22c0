using ImageSearch.Core.Sessions;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Functions;

/// <summary>Every five minutes: delete sessions idle longer than the configured timeout, with their images.</summary>
public sealed class CleanupFunction(SessionCleaner cleaner)
{
    [Function("CleanupIdleSessions")]
    public Task<CleanupReport> Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        cleaner.RunAsync(cancellationToken);
}
