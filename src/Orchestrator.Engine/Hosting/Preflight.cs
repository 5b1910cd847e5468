using Npgsql;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Hosting;

/// <summary>
/// Checks, before a run starts, that every named connection is configured and answers, so a wrong port or password
/// fails in a second with a message naming the connection, instead of after a minute of retries.
/// </summary>
public static class Preflight
{
    /// <param name="staging">Also reach a blob staging store (the commands that stage or read chunks).</param>
    public static async Task CheckAsync(MigrationServices services, MigrationSpec spec, bool sourceOnly = false, bool staging = false,
        CancellationToken ct = default)
    {
        services.Connections.EnsureConfigured(spec, sourceOnly);
        var source = ReachAsync("source", spec.Source.Connection,
            async () => await services.Source(spec).CurrentPositionAsync(ct), services, ct);
        if (sourceOnly)
        {
            await source;
            return;
        }
        // Started at once (each first connection loads its server's types: a round trip or two and some start-up
        // compilation), awaited in order: a failing source is reported as soon as it fails, whatever the others do.
        var target = ReachAsync("target", spec.Target.Connection, async () =>
        {
            await using var connection = await services.TargetDataSource(spec).OpenConnectionAsync(ct);
        }, services, ct);
        var store = staging && spec.Staging.Kind == "blob" ? ReachStagingAsync(services, spec.Staging, ct) : Task.CompletedTask;
        await source;
        await target;
        await store;
    }

    static async Task ReachStagingAsync(MigrationServices services, StagingSpec staging, CancellationToken ct)
    {
        try
        {
            await services.StoreFactory.ProbeBlobAsync(staging, ct);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or Azure.Identity.AuthenticationFailedException
                                      or HttpRequestException or TimeoutException)
        {
            throw new UnreachableException(
                $"cannot reach the staging store '{staging.Connection}' ({services.StoreFactory.DescribeBlob(staging)}): " +
                Staging.BlobStoreFailures.Reason(e));
        }
    }

    static async Task ReachAsync(string role, string name, Func<Task> probe, MigrationServices services, CancellationToken ct)
    {
        try
        {
            await probe();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // Host, port and database only: a connection string is never printed.
            var where = Connections.ConnectionLocation.Describe(services.Connections.Resolve(name, $"{role}.connection"));
            throw new UnreachableException($"cannot connect to the {role} database '{name}' ({where}): {Message(e)}");
        }
    }

    // SqlClient's own message names the failure; its inner SocketException may say only "Success".
    static string Message(Exception e) =>
        e is PostgresException ? DatabaseErrors.Describe(e) : e is Microsoft.Data.SqlClient.SqlException ? e.Message
            : (e.InnerException ?? e).Message;
}

/// <summary>A database or store named by the spec does not answer (exit code 3).</summary>
public sealed class UnreachableException(string message) : Exception(message);
