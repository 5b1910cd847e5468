using System.Globalization;
using System.Text;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>
/// Writes target DDL from the catalog. Load-time DDL (types, sequences, tables with NOT NULL) comes first; keys,
/// indexes and foreign keys are separate statements for Finalize, so the bulk load runs without index upkeep.
/// </summary>
public static class DdlWriter
{
    /// <summary>The extension a hypertable needs (the target falls back to native partitions without it).</summary>
    public const string TimescaleExtension = "timescaledb";

    public static string Schema(string schema) => $"CREATE SCHEMA IF NOT EXISTS {PgSql.Ident(schema)}";

    public static string Enum(EnumType e) =>
        $"CREATE TYPE {PgSql.Ident(e.Schema)}.{PgSql.Ident(e.Name)} AS ENUM ({string.Join(", ", e.Labels.Select(PgSql.Literal))})";

    public static string Composite(CompositeType c) =>
        $"CREATE TYPE {PgSql.Ident(c.Schema)}.{PgSql.Ident(c.Name)} AS ({string.Join(", ", c.Fields.Select(f => $"{PgSql.Ident(f.Name)} {f.DataType}"))})";

    public static string Domain(DomainType d)
    {
        var sql = new StringBuilder($"CREATE DOMAIN {PgSql.Ident(d.Schema)}.{PgSql.Ident(d.Name)} AS {d.BaseType}");
        if (d.Default is not null) sql.Append(" DEFAULT ").Append(d.Default);
        if (d.NotNull) sql.Append(" NOT NULL");
        foreach (var check in d.Checks) sql.Append(" CONSTRAINT ").Append(PgSql.Ident(check.Name)).Append(' ').Append(check.Definition);
        return sql.ToString();
    }

    public static string Sequence(SequenceInfo s) => string.Create(CultureInfo.InvariantCulture,
        $"CREATE SEQUENCE IF NOT EXISTS {PgSql.Ident(s.Schema)}.{PgSql.Ident(s.Name)} AS {s.DataType} INCREMENT BY {s.Increment} MINVALUE {s.Min} MAXVALUE {s.Max} START WITH {s.Start} {(s.Cycle ? "CYCLE" : "NO CYCLE")}");

    public static string SequenceOwner(SequenceInfo s) =>
        $"ALTER SEQUENCE {PgSql.Ident(s.Schema)}.{PgSql.Ident(s.Name)} OWNED BY {PgSql.Table(s.OwnedByTable!)}.{PgSql.Ident(s.OwnedByColumn!)}";

    /// <param name="sequences">The catalog's sequences: an identity column takes its sequence's increment, bounds and start.</param>
    public static string Table(TableInfo table, IReadOnlyList<SequenceInfo>? sequences = null)
    {
        if (table.PartitionOf is { } partition)
        {
            var sql = $"CREATE TABLE IF NOT EXISTS {PgSql.Table(table.Name)} PARTITION OF {PgSql.Table(partition.Parent)} {partition.Bound}";
            return table.PartitionKey is null ? sql : $"{sql} PARTITION BY {table.PartitionKey}";
        }
        var identities = (sequences ?? []).Where(s => s.IsIdentity && s.OwnedByTable == table.Name)
            .GroupBy(s => s.OwnedByColumn!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var columns = string.Join(",\n  ", table.Columns.Select(c => Column(c, identities.GetValueOrDefault(c.Name))));
        var ddl = $"CREATE TABLE IF NOT EXISTS {PgSql.Table(table.Name)} (\n  {columns}\n)";
        if (table.TimePartitions is { Hypertable: false } series) return $"{ddl} PARTITION BY RANGE ({PgSql.Ident(series.Column)})";
        return table.PartitionKey is null ? ddl : $"{ddl} PARTITION BY {table.PartitionKey}";
    }

    /// <summary>
    /// A time-series table's partitions (from a rule): one per interval, then a default for anything outside; or, with
    /// the timescaledb engine, the call that makes it a hypertable with one chunk per interval.
    /// </summary>
    public static IEnumerable<string> TimePartitions(TableInfo table)
    {
        if (table.TimePartitions is not { } series) yield break;
        var parent = PgSql.Table(table.Name);
        if (series.Hypertable)
        {
            // if_not_exists: a rerun of prepare is harmless. No default index: the time index is built after the load.
            yield return $"SELECT create_hypertable({PgSql.Literal(parent)}::regclass, {PgSql.Literal(series.Column)}::name, " +
                $"chunk_time_interval => interval {PgSql.Literal("1 " + series.Interval)}, create_default_indexes => false, if_not_exists => true)";
            yield break;
        }
        foreach (var p in series.Partitions)
            yield return $"CREATE TABLE IF NOT EXISTS {PgSql.Ident(table.Name.Schema)}.{PgSql.Ident(p.Name)} PARTITION OF {parent} FOR VALUES FROM ({PgSql.Literal(p.From)}) TO ({PgSql.Literal(p.To)})";
        var fallback = SchemaConversion.IdentifierRules.Truncate(table.Name.Name + "_default");
        yield return $"CREATE TABLE IF NOT EXISTS {PgSql.Ident(table.Name.Schema)}.{PgSql.Ident(fallback)} PARTITION OF {parent} DEFAULT";
    }

    static string Column(ColumnInfo c, SequenceInfo? identity)
    {
        var sql = new StringBuilder(PgSql.Ident(c.Name)).Append(' ').Append(c.DataType);
        if (c.Collation is not null) sql.Append(" COLLATE ").Append(c.Collation);
        if (c.GenerationExpression is not null) sql.Append(" GENERATED ALWAYS AS (").Append(c.GenerationExpression).Append(") STORED");
        else if (c.Identity == IdentityKind.Always) sql.Append(" GENERATED ALWAYS AS IDENTITY").Append(IdentityOptions(identity, c.DataType));
        else if (c.Identity == IdentityKind.ByDefault) sql.Append(" GENERATED BY DEFAULT AS IDENTITY").Append(IdentityOptions(identity, c.DataType));
        else if (c.Default is not null) sql.Append(" DEFAULT ").Append(c.Default);
        if (!c.Nullable) sql.Append(" NOT NULL");
        return sql.ToString();
    }

    // PostgreSQL's defaults (increment 1 from 1 up to the type's maximum) need no options; a source's other increment,
    // start or bounds must be kept, or generated values after the load would step differently.
    // Bounds are clamped to the column's type (Oracle's NUMBER bounds arrive clamped to bigint only).
    static string IdentityOptions(SequenceInfo? s, string dataType)
    {
        if (s is null || (s.Increment == 1 && s.Start == 1 && s.Min == 1 && !s.Cycle)) return "";
        var (lo, hi) = dataType switch { "smallint" => (short.MinValue, (long)short.MaxValue), "integer" => (int.MinValue, int.MaxValue), _ => (long.MinValue, long.MaxValue) };
        var (min, max) = (Math.Clamp(s.Min, lo, hi), Math.Clamp(s.Max, lo, hi));
        return string.Create(CultureInfo.InvariantCulture,
            $" (INCREMENT BY {s.Increment} MINVALUE {min} MAXVALUE {max} START WITH {Math.Clamp(s.Start, min, max)}{(s.Cycle ? " CYCLE" : "")})");
    }

    /// <summary>COMMENT ON the table and on each of its columns that has one.</summary>
    public static IEnumerable<string> Comments(TableInfo table)
    {
        if (table.Comment is not null) yield return $"COMMENT ON TABLE {PgSql.Table(table.Name)} IS {PgSql.Literal(table.Comment)}";
        foreach (var c in table.Columns.Where(c => c.Comment is not null))
            yield return $"COMMENT ON COLUMN {PgSql.Table(table.Name)}.{PgSql.Ident(c.Name)} IS {PgSql.Literal(c.Comment!)}";
    }

    public static string AddConstraint(TableName table, string name, string definition, bool notValid = false) =>
        $"ALTER TABLE {PgSql.Table(table)} ADD CONSTRAINT {PgSql.Ident(name)} {definition}{(notValid ? " NOT VALID" : "")}";

    public static string ValidateConstraint(TableName table, string name) =>
        $"ALTER TABLE {PgSql.Table(table)} VALIDATE CONSTRAINT {PgSql.Ident(name)}";

    /// <summary>The source's CREATE INDEX made repeatable, and recursive on partitioned tables (ON ONLY would not build the partitions' indexes).</summary>
    public static string Index(IndexInfo index)
    {
        var sql = index.Definition.Replace(" ON ONLY ", " ON ", StringComparison.Ordinal);
        var at = sql.IndexOf("INDEX ", StringComparison.Ordinal);
        return sql[..(at + 6)] + "IF NOT EXISTS " + sql[(at + 6)..];
    }

    /// <summary>
    /// The whole target DDL as one reviewable script, in the order Prepare and Finalize apply it; it runs as is on an
    /// empty database. What the schema conversion renamed or left out heads it as comments. Sequence values are set
    /// after the load (they are the source's values at that time), so the script leaves sequences at their start.
    /// </summary>
    public static string Script(SourceCatalog catalog)
    {
        var lines = new List<string> { "-- Target DDL generated by migrator from the source catalog" };
        if (catalog.Findings.Count > 0)
        {
            lines.Add($"-- Schema conversion findings ({catalog.Findings.Count}): renamed, translated with a caveat, or not created");
            lines.AddRange(catalog.Findings.Select(f => "--   " + f.ToString().ReplaceLineEndings(" ")));
        }
        lines.Add("-- Load phase");
        lines.AddRange(catalog.Extensions.Select(e => $"CREATE EXTENSION IF NOT EXISTS {PgSql.Ident(e)}"));
        if (catalog.Tables.Any(t => t.TimePartitions is { Hypertable: true })) lines.Add($"CREATE EXTENSION IF NOT EXISTS {TimescaleExtension}");
        lines.AddRange(catalog.Tables.Select(t => t.Name.Schema).Concat(catalog.Sequences.Select(s => s.Schema)).Distinct().Select(Schema));
        lines.AddRange(catalog.Enums.Select(Enum));
        lines.AddRange(catalog.Domains.Select(Domain));
        lines.AddRange(catalog.Composites.Select(Composite));
        lines.AddRange(catalog.Sequences.Where(s => !s.IsIdentity).Select(Sequence));
        lines.AddRange(catalog.Tables.SelectMany(t => TimePartitions(t).Prepend(Table(t, catalog.Sequences))));
        lines.AddRange(catalog.Tables.SelectMany(Comments));
        lines.AddRange(catalog.Sequences.Where(s => !s.IsIdentity && s.OwnedByTable is not null).Select(SequenceOwner));
        lines.Add("-- Finalize phase");
        foreach (var table in catalog.Tables)
        {
            if (table.PrimaryKey is { } pk) lines.Add(AddConstraint(table.Name, pk.Name, pk.Definition));
            lines.AddRange(table.UniqueKeys.Select(u => AddConstraint(table.Name, u.Name, u.Definition)));
            lines.AddRange(table.Checks.Select(c => AddConstraint(table.Name, c.Name, c.Definition)));
            lines.AddRange(table.Indexes.Select(Index));
        }
        foreach (var table in catalog.Tables)
            lines.AddRange(table.ForeignKeys.Select(f => AddConstraint(table.Name, f.Name, f.Definition)));
        return string.Concat(lines.Select(l => l.StartsWith("--   ", StringComparison.Ordinal) ? $"{l}\n" : l.StartsWith("--", StringComparison.Ordinal) ? $"\n{l}\n" : $"{l};\n"));
    }
}
