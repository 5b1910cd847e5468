using Npgsql;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>
/// TimescaleDB on the target, for time-series rules with the timescaledb engine: the extension is created where the
/// server allows it, else the table falls back to native range partitions and the run says so.
/// </summary>
static class TimescaleDb
{
    public const string Extension = DdlWriter.TimescaleExtension;

    /// <summary>
    /// True for a table whose rows live in child tables, which reads must not skip with ONLY: a partitioned table,
    /// or a hypertable that has chunks (TimescaleDB keeps them in _timescaledb_internal). Needs the table's pg_class row as r.
    /// </summary>
    public const string HoldsRowsInChildren = """
        (r.relkind = 'p' OR EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                                    WHERE i.inhparent = r.oid AND c.relnamespace = to_regnamespace('_timescaledb_internal')))
        """;

    /// <summary>
    /// Creates the extension inside a savepoint of the caller's transaction: null when it is there, else the server's
    /// reason (not offered, not preloaded, not allow-listed, not permitted), and the transaction goes on without it.
    /// The savepoint is plain SQL: NpgsqlTransaction.ReleaseAsync reads its reply synchronously, which blocks the socket
    /// thread that the CLI runs continuations on (SocketCompletions) and never returns.
    /// </summary>
    public static async Task<string?> EnableAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await ExecuteAsync(connection, "SAVEPOINT timescaledb", ct);
        try
        {
            await ExecuteAsync(connection, $"CREATE EXTENSION IF NOT EXISTS {Extension}", ct);
            await ExecuteAsync(connection, "RELEASE SAVEPOINT timescaledb", ct);
            return null;
        }
        catch (PostgresException refused)
        {
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT timescaledb", ct);
            return $"{refused.SqlState}: {refused.MessageText}";
        }
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The table as native range partitions: what a timescaledb rule becomes where the extension is missing.</summary>
    public static TableInfo Native(TableInfo table) =>
        table.TimePartitions is { Hypertable: true } series ? table with { TimePartitions = series with { Engine = "native" } } : table;

    /// <summary>
    /// A finding for every table a timescaledb rule asked to be a hypertable that is natively partitioned on the target,
    /// as the target is now (so a resumed run reports it too); <paramref name="refusal"/> is the reason, when this run met it.
    /// </summary>
    public static async Task<IReadOnlyList<ConversionFinding>> FallbacksAsync(NpgsqlConnection connection,
        SourceCatalog catalog, string? refusal,
        CancellationToken ct)
    {
        var findings = new List<ConversionFinding>();
        foreach (var table in catalog.Tables.Where(t => t.TimePartitions is { Hypertable: true }))
        {
            await using var command = new NpgsqlCommand("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass($1)", connection);
            command.Parameters.Add(new() { Value = PgSql.Table(table.Name) });
            if (await command.ExecuteScalarAsync(ct) is not true) continue;
            var why = refusal is null ? "TimescaleDB was not available on the target when the table was prepared"
                : $"the target refused CREATE EXTENSION {Extension} ({refusal})";
            findings.Add(new ConversionFinding(table.SourceTableName.ToString(), "time-series",
                $"native range partitions instead of a TimescaleDB hypertable: {why}. For a hypertable, " +
                "install TimescaleDB and preload it " +
                "(shared_preload_libraries; Azure: allow-list TIMESCALEDB in azure.extensions too), then migrate into an empty target"));
        }
        return findings;
    }
}
