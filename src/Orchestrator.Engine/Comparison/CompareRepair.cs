using System.Buffers.Binary;
using System.Text.Json;
using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// Repairs the confirmed differences of one small range in one target transaction: the range's source rows (the
/// spec's rules applied) go to a temporary table, then rows of the differing keys are updated or inserted from it
/// and the keys the source no longer holds are deleted. Running it again changes nothing. The source is only read.
/// </summary>
public static class CompareRepair
{
    public sealed record Counts(long Inserted, long Updated, long Deleted);

    public static async Task EnsureLedgerAsync(NpgsqlDataSource target, CancellationToken ct)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand(RepairLedger.Create, connection)) await create.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    public static async Task<Counts> RepairAsync(RangeSides sides, Leaf leaf, string migrationId, string compareId, CancellationToken ct)
    {
        var plan = sides.Plan;
        var table = (plan.Partitioned ? "" : "ONLY ") + PgSql.Table(plan.Target);
        await using var connection = await sides.Target.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, $"""
            CREATE TEMP TABLE compare_source ON COMMIT DROP AS SELECT {PgSql.Columns(plan.Columns)} FROM {table} WITH NO DATA;
            CREATE TEMP TABLE compare_keys ON COMMIT DROP AS SELECT {PgSql.Columns(plan.Key)} FROM {table} WITH NO DATA
            """, ct);
        var copy = await CopyStreams.OpenCopyInAsync(connection,
            PgSql.CopyIn(new TableName("pg_temp", "compare_source"), plan.Columns, plan.Format), plan.Format, ct);
        await using (copy.Stream) await sides.ReadSourceAsync(leaf.Range with { AsOf = null }, copy.Stream, ct);
        var keys = await CopyStreams.OpenCopyInAsync(connection,
            PgSql.CopyIn(new TableName("pg_temp", "compare_keys"), plan.Key, plan.Format), plan.Format, ct);
        await using (keys.Stream) await WriteKeysAsync(keys.Stream, leaf.Differences, plan.Key.Count, plan.Format, ct);

        var on = (string a, string b) => string.Join(" AND ", plan.Key.Select(k => $"{a}.{PgSql.Ident(k)} = {b}.{PgSql.Ident(k)}"));
        var deleted = await ExecuteAsync(connection, $"""
            DELETE FROM {table} t USING pg_temp.compare_keys k WHERE {on("t", "k")}
               AND NOT EXISTS (SELECT 1 FROM pg_temp.compare_source s WHERE {on("s", "k")})
            """, ct);
        // Key columns are equal by the join, and an identity column GENERATED ALWAYS cannot be set: neither is in the SET list.
        var set = plan.Columns.Where(c => !plan.Key.Contains(c)
            && sides.Table.Columns.First(col => col.Name == c).Identity != IdentityKind.Always)
            .Select(c => $"{PgSql.Ident(c)} = s.{PgSql.Ident(c)}").ToList();
        var updated = set.Count == 0 ? 0 : await ExecuteAsync(connection, $"""
            UPDATE {table} t SET {string.Join(", ", set)} FROM pg_temp.compare_source s JOIN pg_temp.compare_keys k ON {on("s", "k")}
             WHERE {on("t", "s")}
            """, ct);
        var inserted = await ExecuteAsync(connection, $"""
            INSERT INTO {PgSql.Table(plan.Target)} ({PgSql.Columns(plan.Columns)}) OVERRIDING SYSTEM VALUE
            SELECT {string.Join(", ", plan.Columns.Select(c => "s." + PgSql.Ident(c)))}
              FROM pg_temp.compare_source s JOIN pg_temp.compare_keys k ON {on("s", "k")}
             WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {on("t", "s")})
            """, ct);
        await ExecuteAsync(connection, RepairLedger.Record, ct, migrationId, compareId, plan.Target.Schema,
            plan.Target.Name, leaf.Range.ToString(),
            inserted, updated, deleted, JsonSerializer.Serialize(leaf.Differences.Select(d => d.Key)));
        await tx.CommitAsync(ct);
        return new Counts(inserted, updated, deleted);
    }

    /// <summary>The differing keys as a COPY stream of the key columns: the bytes both sides' streams carried.</summary>
    static async Task WriteKeysAsync(Stream copy, IReadOnlyList<KeyedDifference> differences, int keyColumns,
        CopyFormat format, CancellationToken ct)
    {
        var binary = format == CopyFormat.Binary;
        if (binary)
            await copy.WriteAsync(BinaryCopy.Header, ct);
        var count = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(count, (short)keyColumns);
        foreach (var difference in differences)
        {
            if (binary) await copy.WriteAsync(count, ct);
            await copy.WriteAsync(Convert.FromBase64String(difference.KeyBytes), ct);
            if (!binary) await copy.WriteAsync("\n"u8.ToArray(), ct);
        }
        if (binary) await copy.WriteAsync(BinaryCopy.Trailer, ct);
    }

    static async Task<long> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(ct);
    }
}
