using System.Net.Sockets;
using Npgsql;

namespace Orchestrator.Core.Workflow;

/// <summary>
/// Which failures are worth retrying (a dropped connection, a restarting server, a storage endpoint away for a
/// while) and which are not (bad SQL, a value the target refuses): retrying those only delays the message.
/// </summary>
public static class TransientFailures
{
    static readonly HashSet<string> TransientSqlStates =
    [
        "08000", "08001", "08003", "08004", "08006", "08P01", // connection exceptions
        "40001", "40P01",                                     // serialization failure, deadlock
        "53000", "53200", "53300",                            // insufficient resources, out of memory, too many connections
        "57P01", "57P02", "57P03",                            // admin shutdown, crash shutdown, cannot connect now
        "55P03",                                              // lock not available
    ];

    public static bool IsTransient(Exception e) => e switch
    {
        // Already worded for people, after the store's own retries, or a disk that is full: waiting does not help.
        Staging.StagingFailedException or Target.TargetOutOfSpaceException or Activities.ActivityStalledException => false,
        IOException { HResult: DiskFull or QuotaExceeded or ReadOnlyFileSystem or WindowsDiskFull or WindowsHandleDiskFull } => false,
        PostgresException pg => TransientSqlStates.Contains(pg.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        // A container gone missing is recreated by the chunk store on the next attempt. ConditionNotMet: a blob write
        // stream commits with If-Match on the ETag it created; when the endpoint drops the reply to a commit that was
        // applied, the SDK's retry of it fails 412. The next attempt stages the chunk under a new name, so it is safe.
        Azure.RequestFailedException storage => storage.Status is 0 or 408 or 429 or >= 500 || storage.ErrorCode is "ContainerNotFound" or "ConditionNotMet",
        IOException or SocketException or TimeoutException or HttpRequestException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    // IOException.HResult: the errno on Linux (ENOSPC, EDQUOT, EROFS), an HRESULT on Windows.
    const int DiskFull = 28, QuotaExceeded = 122, ReadOnlyFileSystem = 30;
    const int WindowsDiskFull = unchecked((int)0x80070070), WindowsHandleDiskFull = unchecked((int)0x80070027);
}

/// <summary>An activity failure Core classified as transient, rethrown under one name so any host can recognise it.</summary>
public sealed class TransientActivityException(string message, Exception inner) : Exception(message, inner);
