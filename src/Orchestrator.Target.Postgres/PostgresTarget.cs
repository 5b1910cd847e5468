using Npgsql;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>
/// The PostgreSQL target (target.kind postgres): its jobs each in a file of their own (Prepare, Load, Ledger, ReadBack,
/// Finalize); this one holds what they share.
/// </summary>
public sealed partial class PostgresTarget(NpgsqlDataSource target) : ITarget
{
    const int BufferSize = 1 << 16;
    const int IndexBuilders = 4;

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
        Activities.ActivityPulse.Beat(); // a statement done is progress
    }

    /// <summary>Statements sent in one round trip; outside a transaction, they run as one implicit transaction.</summary>
    static NpgsqlBatch Batch(NpgsqlConnection connection, IEnumerable<(string Sql, object?[] Parameters)> statements)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var (sql, parameters) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    static async Task ExecuteBatchAsync(NpgsqlConnection connection,
        IEnumerable<(string Sql, object?[] Parameters)> statements, CancellationToken ct)
    {
        await using var batch = Batch(connection, statements);
        await batch.ExecuteNonQueryAsync(ct);
        Activities.ActivityPulse.Beat();
    }

    static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    static async Task<HashSet<TableName>> PreparedTablesAsync(NpgsqlConnection connection, string migrationId, CancellationToken ct)
    {
        var set = new HashSet<TableName>();
        await using var command = new NpgsqlCommand(LoadLedger.PreparedTables, connection);
        command.Parameters.Add(new() { Value = migrationId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) set.Add(new TableName(reader.GetString(0), reader.GetString(1)));
        return set;
    }

    static Task<bool> TypeExistsAsync(NpgsqlConnection c, string schema, string name, CancellationToken ct) =>
        ExistsAsync(c,
            "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2", ct, schema,
            name);

    /// <summary>Which of <paramref name="tables"/> already exist as relations, in one query.</summary>
    static async Task<HashSet<TableName>> ExistingRelationsAsync(NpgsqlConnection connection,
        IEnumerable<TableName> tables, CancellationToken ct)
    {
        var list = tables.ToList();
        var found = new HashSet<TableName>();
        if (list.Count == 0) return found;
        await using var command = new NpgsqlCommand("""
            SELECT n.nspname, r.relname FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
            JOIN unnest($1::text[], $2::text[]) AS t(schema_name, table_name) ON n.nspname = t.schema_name AND r.relname = t.table_name
            """, connection);
        command.Parameters.Add(new() { Value = list.Select(t => t.Schema).ToArray() });
        command.Parameters.Add(new() { Value = list.Select(t => t.Name).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add(new TableName(reader.GetString(0), reader.GetString(1)));
        return found;
    }

    static Task<bool> HasRowsAsync(NpgsqlConnection c, TableName table, CancellationToken ct, bool only = true) =>
        ExistsAsync(c, $"SELECT 1 FROM {(only ? "ONLY " : "")}{PgSql.Table(table)} LIMIT 1", ct);

    static Task<bool> ConstraintExistsAsync(NpgsqlConnection c, TableName table, string name, CancellationToken ct) =>
        // By the table's oid, not a join through pg_namespace and pg_class: planning the three-way join cost the
        // server 0.35 ms per table, this 0.13.
        ExistsAsync(c, "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2", ct, PgSql.Table(table), name);

    static async Task<HashSet<string>> AvailableExtensionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name FROM pg_available_extensions", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) set.Add(reader.GetString(0));
        return set;
    }
}
