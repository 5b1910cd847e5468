using System.Diagnostics;
using Azure;

namespace Orchestrator.Core.Staging;

/// <summary>
/// How a blob staging store's failures reach people: the store by its container url (never a key or SAS), what was
/// being done, the store's or the network's own reason, and how long the storage SDK kept retrying before it gave up
/// (<see cref="ChunkStoreFactory.RetryBudget"/>). Such a failure is a <see cref="StagingFailedException"/>: not retried
/// again by the activity, so the whole wait is the budget, stated.
/// </summary>
public static class BlobStoreFailures
{
    public static async Task<T> GuardAsync<T>(string store, string doing, Func<Task<T>> call, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        catch (Exception e) when (!ct.IsCancellationRequested && Refused(e) is { } refused)
        {
            var waited = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var what = refused
                ? $"the staging store {store} refused {doing}: {Reason(e)}. Check staging.connection's credentials " +
                    "and the container's permissions"
                : $"the staging store {store} did not answer while {doing}: {Reason(e)}; gave up after " +
                    $"{waited:F0} s of waiting and retrying. " +
                  "Check that the store is reachable";
            throw new StagingFailedException(what, e);
        }
    }

    public static Task GuardAsync(string store, string doing, Func<Task> call, CancellationToken ct) =>
        GuardAsync(store, doing, async () => { await call(); return true; }, ct);

    /// <summary>
    /// True for a refusal (401, 403), false for a store that did not answer (network errors, timeouts, 408, 429, 5xx,
    /// after the SDK's retries), null for an answer the caller handles (404, 409, 412: a missing blob, a lost commit).
    /// </summary>
    static bool? Refused(Exception e) => e switch
    {
        RequestFailedException { Status: 401 or 403 } => true,
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => false,
        AggregateException { InnerExceptions: [.., var last] } => Refused(last),
        HttpRequestException or IOException or TimeoutException or TaskCanceledException => false,
        _ => null,
    };

    /// <summary>The store's or the network's reason in one line: "Connection refused (host:port)", "503 ServerBusy: ...".</summary>
    public static string Reason(Exception e) => e switch
    {
        AggregateException { InnerExceptions: [.., var last] } => Reason(last),
        RequestFailedException { Status: > 0 } refused => $"{refused.Status} {refused.ErrorCode}: {refused.Message.Split('\n')[0]}",
        RequestFailedException { InnerException: { } inner } => Reason(inner),
        TaskCanceledException => "no answer within the network timeout",
        _ => e.Message.Split('\n')[0],
    };
}
