using Npgsql;
using Orchestrator.Core.Activities;

namespace Orchestrator.Core.Target;

/// <summary>
/// Tells the stall watchdog whether PostgreSQL is still working on a connection's statement: an index build shows no
/// progress to the client for as long as it takes, but the server reports it active; a statement queued behind a
/// lock, or a server waiting for a client that stopped sending, is not working, and the watchdog names who blocks it.
/// Asked on a connection of its own, only once the activity has been quiet for the watchdog's whole window.
/// </summary>
public static class ServerProgress
{
    const string Probe = """
        SELECT a.state, a.wait_event_type, a.wait_event,
               (SELECT string_agg(format('process %s, %s: %s', b.pid, b.state, left(b.query, 80)), '; ')
                FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(a.pid)))
        FROM pg_stat_activity a WHERE a.pid = $1
        """;

    /// <summary>Watches <paramref name="connection"/>'s backend while a step runs on it; dispose when the step ends.</summary>
    public static IDisposable Watch(NpgsqlDataSource source, NpgsqlConnection connection, string what)
    {
        var pid = connection.ProcessID;
        return ActivityPulse.WaitOnServer(what, ct => AskAsync(source, pid, ct));
    }

    static async Task<ServerState> AskAsync(NpgsqlDataSource source, int pid, CancellationToken ct)
    {
        await using var command = source.CreateCommand(Probe);
        command.Parameters.Add(new() { Value = pid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return new ServerState(false, $"server process {pid} is gone");
        var state = reader.IsDBNull(0) ? "unknown" : reader.GetString(0);
        var waitType = reader.IsDBNull(1) ? null : reader.GetString(1);
        var wait = reader.IsDBNull(2) ? null : reader.GetString(2);
        var blockers = reader.IsDBNull(3) ? null : reader.GetString(3);
        return (state, waitType) switch
        {
            ("active", "Lock") => new ServerState(false, $"server process {pid} is waiting for a lock ({wait})" +
                (blockers is null ? "" : $" held by {blockers}")),
            ("active", "Client") => new ServerState(false, $"server process {pid} is waiting for the migrator ({wait})"),
            ("active", _) => new ServerState(true, $"server process {pid} is working"),
            _ => new ServerState(false, $"server process {pid} is {state}"),
        };
    }
}
