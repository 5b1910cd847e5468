using System.Net.Sockets;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Sources.SqlServer;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Workflow;

/// <summary>
/// Which failures are worth retrying (a dropped connection, a restarting server, a storage endpoint away for a
/// while) and which are not (bad SQL, a value the target refuses): retrying those only delays the message.
/// </summary>
public static class TransientFailures
{
    /// <summary>Every driver's own classification, asked in turn: each answers only for its own errors.</summary>
    static readonly ITransientErrors[] Drivers =
        [PostgresErrors.Instance, SqlServerErrors.Instance, OracleErrors.Instance, BlobStoreErrors.Instance];

    public static bool IsTransient(Exception e) => e switch
    {
        // Already worded for people, after the store's own retries, or a disk that is full: waiting does not help.
        Staging.StagingFailedException or Target.TargetOutOfSpaceException or Activities.ActivityStalledException => false,
        IOException { HResult: DiskFull or QuotaExceeded or ReadOnlyFileSystem or WindowsDiskFull or WindowsHandleDiskFull } => false,
        _ when Driver(e) is { } known => known,
        IOException or SocketException or TimeoutException or HttpRequestException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    static bool? Driver(Exception e)
    {
        foreach (var driver in Drivers)
            if (driver.IsTransient(e) is { } known) return known;
        return null;
    }

    // IOException.HResult: the errno on Linux (ENOSPC, EDQUOT, EROFS), an HRESULT on Windows.
    const int DiskFull = 28, QuotaExceeded = 122, ReadOnlyFileSystem = 30;
    const int WindowsDiskFull = unchecked((int)0x80070070), WindowsHandleDiskFull = unchecked((int)0x80070027);
}

/// <summary>An activity failure Core classified as transient, rethrown under one name so any host can recognise it.</summary>
public sealed class TransientActivityException(string message, Exception inner) : Exception(message, inner);
