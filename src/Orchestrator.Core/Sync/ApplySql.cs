using System.Text;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sync;

/// <summary>
/// The statements that apply a table's changes from text arrays (one parameter per column, unnested together): the
/// values arrive in the source type's text form and are cast to the target's, so no value is parsed here.
/// </summary>
public static class ApplySql
{
    /// <summary>The target table; ONLY unless rows live in its partitions (a time-series rule's target).</summary>
    static string Relation(SyncTable table) =>
        (table.Rules?.TimePartitions is null ? "ONLY " : "") + PgSql.Table(table.Target);

    /// <summary>A value of column <paramref name="i"/> from unnest alias u, in the target's type.</summary>
    public static string Cast(SyncTable table, int i, string? value = null)
    {
        var column = table.Columns[i];
        value ??= $"u.p{i}";
        return column.Converted ? $"{value}::{column.SourceType}::{column.TargetType}" : $"{value}::{column.TargetType}";
    }

    static string Unnest(IReadOnlyList<int> columns, int firstParameter = 1) =>
        $"unnest({string.Join(", ", columns.Select((_, n) => $"${n + firstParameter}::text[]"))}) AS " +
            $"u({string.Join(", ", columns.Select(i => $"p{i}"))})";

    static string KeyMatch(SyncTable table, string alias, Func<int, string> value) =>
        string.Join(" AND ", table.Key.Select(k => $"{alias}.{PgSql.Ident(table.Columns[k].TargetName)} = {value(k)}"));

    static string ConflictSet(SyncTable table, IEnumerable<int> columns)
    {
        var set = columns.Where(i => !table.Key.Contains(i))
            .Select(i => $"{PgSql.Ident(table.Columns[i].TargetName)} = EXCLUDED.{PgSql.Ident(table.Columns[i].TargetName)}").ToList();
        var key = string.Join(", ", table.Key.Select(k => PgSql.Ident(table.Columns[k].TargetName)));
        return set.Count == 0 ? $"ON CONFLICT ({key}) DO NOTHING" : $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", set)}";
    }

    static IReadOnlyList<int> All(SyncTable table) => Enumerable.Range(0, table.Columns.Count).ToList();

    static string Names(SyncTable table, IEnumerable<int> columns)
        => string.Join(", ", columns.Select(i => PgSql.Ident(table.Columns[i].TargetName)));

    /// <summary>Insert or replace whole rows: parameters are every column's values.</summary>
    public static string Upsert(SyncTable table) =>
        $"INSERT INTO {PgSql.Table(table.Target)} AS t ({Names(table, All(table))}) OVERRIDING SYSTEM VALUE " +
        $"SELECT {string.Join(", ", All(table).Select(i => Cast(table, i)))} FROM {Unnest(All(table))} {ConflictSet(table, All(table))}";

    /// <summary>Delete by key: parameters are the key columns' values.</summary>
    public static string Delete(SyncTable table) =>
        $"DELETE FROM {Relation(table)} t USING {Unnest(table.Key)} WHERE {KeyMatch(table, "t", k => Cast(table, k))}";

    /// <summary>Set the columns an update sent on the rows it names; parameters are the key's values, then the sent columns'.</summary>
    public static string Update(SyncTable table, IReadOnlyList<int> sent)
    {
        var columns = table.Key.Concat(sent.Where(i => !table.Key.Contains(i))).ToList();
        var set = columns.Skip(table.Key.Count).Select(i => $"{PgSql.Ident(table.Columns[i].TargetName)} = {Cast(table, i)}");
        return $"UPDATE {Relation(table)} t SET {string.Join(", ", set)} FROM {Unnest(columns)} WHERE " +
            $"{KeyMatch(table, "t", k => Cast(table, k))}";
    }

    /// <summary>The columns <see cref="Update"/> takes parameters for, in order.</summary>
    public static IReadOnlyList<int> UpdateParameters(SyncTable table, IReadOnlyList<int> sent) =>
        table.Key.Concat(sent.Where(i => !table.Key.Contains(i))).ToList();

    /// <summary>An update that moved a row to another key and kept values it did not send: applied alone, in order.</summary>
    /// <remarks>Parameters: the sent columns' values, then the old key's.</remarks>
    public static string Move(SyncTable table, IReadOnlyList<int> sent)
    {
        var set = sent.Select((i, n) => $"{PgSql.Ident(table.Columns[i].TargetName)} = {Cast(table, i, $"${n + 1}::text")}");
        var oldKey = table.Key.Select((k, n) => $"t.{PgSql.Ident(table.Columns[k].TargetName)} = " +
            $"{Cast(table, k, $"${sent.Count + n + 1}::text")}");
        return $"UPDATE {Relation(table)} t SET {string.Join(", ", set)} WHERE {string.Join(" AND ", oldKey)}";
    }

    /// <summary>
    /// Record the keys in $3.. (one text array per key column) as changed: one row per batch and table, with no index to
    /// keep, each key as the text of a text array in the target type's text, so both sides can read it back as literals.
    /// </summary>
    public static string RecordChangedKeys(SyncTable table) =>
        "INSERT INTO _migrator.sync_changed (migration_id, table_name, keys) " +
        $"SELECT $1, $2, array_agg(ARRAY[{string.Join(", ", table.Key.Select(k => $"({Cast(table, k)})::text"))}]::text) " +
        $"FROM {Unnest(table.Key, 3)}";

    public static string Truncate(SyncTable table) => $"TRUNCATE {Relation(table)}";

    // Rows a rule reshapes go through binary COPY: staged as the source's values, read back, shaped, and staged again
    // in the target's types, in two temporary tables that the transaction drops.

    /// <summary>The staging table of source values, filled from text arrays with their row numbers.</summary>
    public static string CreateShapeInput(SyncTable table) =>
        "CREATE TEMP TABLE sync_shape_in (ord bigint, " +
            $"{string.Join(", ", All(table).Select(i => $"p{i} {ShapeInputType(table, i)}"))}) ON COMMIT DROP";

    /// <summary>A column's type as a chunk reads it: the source's for a reshaped column, else the target's.</summary>
    static string ShapeInputType(SyncTable table, int i) => Reshaped(table, i) ? table.Columns[i].SourceType : table.Columns[i].TargetType;

    static bool Reshaped(SyncTable table, int i)
        => table.Rules!.Columns.First(c => c.Name == table.Columns[i].TargetName).Rule is { TimeSeries: null };

    public static string FillShapeInput(SyncTable table)
    {
        var values = All(table).Select(i => Reshaped(table, i) ? $"u.p{i}::{table.Columns[i].SourceType}" : Cast(table, i));
        return $"INSERT INTO sync_shape_in SELECT u.ord, {string.Join(", ", values)} FROM " +
            $"unnest({string.Join(", ", All(table).Select(i => $"${i + 1}::text[]"))}) WITH ORDINALITY AS " +
                $"u({string.Join(", ", All(table).Select(i => $"p{i}"))}, ord)";
    }

    public static string ReadShapeInput(SyncTable table) =>
        $"COPY (SELECT {string.Join(", ", All(table).Select(i => $"p{i}"))} FROM sync_shape_in ORDER BY ord) TO STDOUT (FORMAT BINARY)";

    /// <summary>The shaped rows in the target's types, numbered in the order COPY wrote them.</summary>
    public static string CreateShapeOutput(SyncTable table) =>
        $"CREATE TEMP TABLE sync_shape_out ON COMMIT DROP AS SELECT {Names(table, All(table))} FROM " +
        $"{PgSql.Table(table.Target)} WITH NO DATA; " +
        "ALTER TABLE sync_shape_out ADD COLUMN sync_ord bigint GENERATED ALWAYS AS IDENTITY";

    public static string WriteShapeOutput(SyncTable table) =>
        $"COPY sync_shape_out ({Names(table, All(table))}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Upsert the shaped rows numbered in $1.</summary>
    public static string UpsertShaped(SyncTable table) =>
        $"INSERT INTO {PgSql.Table(table.Target)} AS t ({Names(table, All(table))}) OVERRIDING SYSTEM VALUE " +
        $"SELECT {Names(table, All(table))} FROM sync_shape_out WHERE sync_ord = ANY($1::bigint[]) {ConflictSet(table, All(table))}";

    /// <summary>Set the sent columns from the shaped rows numbered in $1.</summary>
    public static string UpdateShaped(SyncTable table, IReadOnlyList<int> sent)
    {
        var set = sent.Where(i => !table.Key.Contains(i))
            .Select(i => $"{PgSql.Ident(table.Columns[i].TargetName)} = s.{PgSql.Ident(table.Columns[i].TargetName)}");
        return $"UPDATE {Relation(table)} t SET {string.Join(", ", set)} FROM sync_shape_out s WHERE s.sync_ord = ANY($1::bigint[]) AND " +
            KeyMatch(table, "t", k => $"s.{PgSql.Ident(table.Columns[k].TargetName)}");
    }

    public const string DropShapeTables = "DROP TABLE IF EXISTS sync_shape_in, sync_shape_out";
}
