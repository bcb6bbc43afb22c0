using System.Net.Sockets;
using Azure;

namespace ImageSearch.Core.Storage;

/// <summary>
/// Tells a storage outage (the service cannot be reached, times out, or answers 5xx after the SDK's retries) from an
/// error of the app. The Azure SDK reports an outage in several shapes: <see cref="RequestFailedException"/> with
/// status 0 (transport) or 5xx, and, once its retries are spent, an <see cref="AggregateException"/> of the attempts'
/// exceptions (<see cref="HttpRequestException"/>, <see cref="SocketException"/>, timeouts).
/// </summary>
public static class StorageOutage
{
    /// <summary>Seconds a client should wait before retrying after an outage answer.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// True when <paramref name="exception"/> (or, for the SDK's aggregate of retried attempts, every exception inside
    /// it) is an outage. A cancellation counts only inside that aggregate, where it is the SDK's network timeout; a
    /// cancellation on its own is the caller's and is not an outage.
    /// </summary>
    public static bool IsOutage(Exception exception) => IsOutage(exception, retried: false);

    private static bool IsOutage(Exception exception, bool retried) => exception switch
    {
        AggregateException aggregate =>
            aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => IsOutage(inner, retried: true)),
        RequestFailedException failed => failed.Status == 0 || failed.Status >= 500,
        HttpRequestException or SocketException or TimeoutException => true,
        OperationCanceledException => retried,
        _ => false,
    };
}
