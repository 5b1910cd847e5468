using System.Globalization;
using System.Text;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>
/// Writes PostgreSQL DDL from the catalog. Load-time DDL (types, sequences, tables with NOT NULL) comes first; keys,
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
        $"CREATE TYPE {PgSql.Ident(c.Schema)}.{PgSql.Ident(c.Name)} AS " +
            $"({string.Join(", ", c.Fields.Select(f => $"{PgSql.Ident(f.Name)} {f.DataType}"))})";

    public static string Domain(DomainType d)
    {
        var sql = new StringBuilder($"CREATE DOMAIN {PgSql.Ident(d.Schema)}.{PgSql.Ident(d.Name)} AS {d.BaseType}");
        if (d.Default is not null) sql.Append(" DEFAULT ").Append(d.Default);
        if (d.NotNull) sql.Append(" NOT NULL");
        foreach (var check in d.Checks) sql.Append(" CONSTRAINT ").Append(PgSql.Ident(check.Name)).Append(' ').Append(Check(check));
        return sql.ToString();
    }

    public static string Sequence(SequenceInfo s) => string.Create(CultureInfo.InvariantCulture,
        $"CREATE SEQUENCE IF NOT EXISTS {PgSql.Ident(s.Schema)}.{PgSql.Ident(s.Name)} AS {s.DataType} INCREMENT BY {s.Increment} " +
        $"MINVALUE {s.Min} MAXVALUE {s.Max} START WITH {s.Start} {(s.Cycle ? "CYCLE" : "NO CYCLE")}");

    public static string SequenceOwner(SequenceInfo s) =>
        $"ALTER SEQUENCE {PgSql.Ident(s.Schema)}.{PgSql.Ident(s.Name)} OWNED BY " +
            $"{PgSql.Table(s.OwnedByTable!)}.{PgSql.Ident(s.OwnedByColumn!)}";

    /// <param name="sequences">The catalog's sequences: an identity column takes its sequence's increment, bounds and start.</param>
    public static string Table(TableInfo table, IReadOnlyList<SequenceInfo>? sequences = null)
    {
        if (table.PartitionOf is { } partition)
        {
            var sql = $"CREATE TABLE IF NOT EXISTS {PgSql.Table(table.Name)} PARTITION OF " +
                $"{PgSql.Table(partition.Parent)} {partition.Bound}";
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
                $"chunk_time_interval => interval {PgSql.Literal("1 " + series.Interval)}, create_default_indexes => " +
                    "false, if_not_exists => true)";
            yield break;
        }
        foreach (var p in series.Partitions)
            yield return $"CREATE TABLE IF NOT EXISTS {PgSql.Ident(table.Name.Schema)}.{PgSql.Ident(p.Name)} PARTITION OF {parent} FOR " +
                $"VALUES FROM ({PgSql.Literal(p.From)}) TO ({PgSql.Literal(p.To)})";
        var fallback = SchemaConversion.IdentifierRules.Truncate(table.Name.Name + "_default");
        yield return $"CREATE TABLE IF NOT EXISTS {PgSql.Ident(table.Name.Schema)}.{PgSql.Ident(fallback)} PARTITION OF {parent} DEFAULT";
    }

    static string Column(ColumnInfo c, SequenceInfo? identity)
    {
        var sql = new StringBuilder(PgSql.Ident(c.Name)).Append(' ').Append(c.DataType);
        if (c.Collation is not null) sql.Append(" COLLATE ").Append(c.Collation);
        if (c.GenerationExpression is not null) sql.Append(" GENERATED ALWAYS AS (").Append(c.GenerationExpression).Append(") STORED");
        else if (c.Identity == IdentityKind.Always)
            sql.Append(" GENERATED ALWAYS AS IDENTITY").Append(IdentityOptions(identity, c.DataType));
        else if (c.Identity == IdentityKind.ByDefault)
            sql.Append(" GENERATED BY DEFAULT AS IDENTITY").Append(IdentityOptions(identity, c.DataType));
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
        var (lo, hi) = dataType switch { "smallint" => (short.MinValue, (long)short.MaxValue), "integer" => (int.MinValue, int.MaxValue),
            _ => (long.MinValue, long.MaxValue) };
        var (min, max) = (Math.Clamp(s.Min, lo, hi), Math.Clamp(s.Max, lo, hi));
        return string.Create(CultureInfo.InvariantCulture,
            $" (INCREMENT BY {s.Increment} MINVALUE {min} MAXVALUE {max} START WITH " +
            $"{Math.Clamp(s.Start, min, max)}{(s.Cycle ? " CYCLE" : "")})");
    }

    /// <summary>COMMENT ON the table and on each of its columns that has one.</summary>
    public static IEnumerable<string> Comments(TableInfo table)
    {
        if (table.Comment is not null) yield return $"COMMENT ON TABLE {PgSql.Table(table.Name)} IS {PgSql.Literal(table.Comment)}";
        foreach (var c in table.Columns.Where(c => c.Comment is not null))
            yield return $"COMMENT ON COLUMN {PgSql.Table(table.Name)}.{PgSql.Ident(c.Name)} IS {PgSql.Literal(c.Comment!)}";
    }

    /// <summary>
    /// A table's primary key, unique keys, checks and exclusion constraints, in the order Finalize adds them: each as
    /// its name and its ALTER TABLE statement.
    /// </summary>
    public static IEnumerable<(string Name, string Sql)> Constraints(TableInfo table)
    {
        if (table.PrimaryKey is { } pk) yield return (pk.Name, AddConstraint(table.Name, pk.Name, Key("PRIMARY KEY", pk)));
        foreach (var u in table.UniqueKeys) yield return (u.Name, AddConstraint(table.Name, u.Name, Key("UNIQUE", u)));
        foreach (var c in table.Checks) yield return (c.Name, AddConstraint(table.Name, c.Name, Check(c), c.NotValid));
        foreach (var x in table.Exclusions) yield return (x.Name, AddConstraint(table.Name, x.Name, x.Definition));
    }

    /// <summary>A foreign key, NOT VALID when it is to be validated in a second step.</summary>
    public static string ForeignKey(TableName table, ForeignKeyInfo fk, bool notValid = false)
    {
        var sql = new StringBuilder($"FOREIGN KEY ({PgSql.Columns(fk.Columns)}) REFERENCES {PgSql.Table(fk.References)} " +
            $"({PgSql.Columns(fk.ReferencedColumns)})");
        if (fk.MatchFull) sql.Append(" MATCH FULL");
        if (fk.OnUpdate != ReferentialAction.NoAction) sql.Append(" ON UPDATE ").Append(Action(fk.OnUpdate));
        if (fk.OnDelete != ReferentialAction.NoAction) sql.Append(" ON DELETE ").Append(Action(fk.OnDelete));
        return AddConstraint(table, fk.Name, sql.Append(Deferred(fk.Deferral)).ToString(), notValid);
    }

    static string Key(string kind, KeyInfo key) =>
        $"{kind}{(key.NullsNotDistinct ? " NULLS NOT DISTINCT" : "")} " +
            $"({PgSql.Columns(key.Columns)}){Include(key.Included)}{Deferred(key.Deferral)}";

    static string Check(CheckInfo check) => $"CHECK ({check.Expression}){(check.NoInherit ? " NO INHERIT" : "")}";

    static string Include(IReadOnlyList<string> columns) => columns.Count == 0 ? "" : $" INCLUDE ({PgSql.Columns(columns)})";

    static string Deferred(Deferral deferral) => deferral switch
    {
        Deferral.Deferrable => " DEFERRABLE",
        Deferral.InitiallyDeferred => " DEFERRABLE INITIALLY DEFERRED",
        _ => "",
    };

    static string Action(ReferentialAction action) => action switch
    {
        ReferentialAction.Restrict => "RESTRICT",
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        _ => "NO ACTION",
    };

    static string AddConstraint(TableName table, string name, string definition, bool notValid = false) =>
        $"ALTER TABLE {PgSql.Table(table)} ADD CONSTRAINT {PgSql.Ident(name)} {definition}{(notValid ? " NOT VALID" : "")}";

    public static string ValidateConstraint(TableName table, string name) =>
        $"ALTER TABLE {PgSql.Table(table)} VALIDATE CONSTRAINT {PgSql.Ident(name)}";

    /// <summary>
    /// CREATE INDEX IF NOT EXISTS on the table, recursive on a partitioned one (ON ONLY would not build the
    /// partitions' indexes). A source's own definition (expression keys) is made repeatable the same way.
    /// </summary>
    public static string Index(TableName table, IndexInfo index)
    {
        if (index.Definition is { } definition)
        {
            var sql = definition.Replace(" ON ONLY ", " ON ", StringComparison.Ordinal);
            var at = sql.IndexOf("INDEX ", StringComparison.Ordinal);
            return sql[..(at + 6)] + "IF NOT EXISTS " + sql[(at + 6)..];
        }
        var ddl = new StringBuilder($"CREATE {(index.IsUnique ? "UNIQUE " : "")}INDEX IF NOT EXISTS " +
            $"{PgSql.Ident(index.Name)} ON {PgSql.Table(table)}");
        if (index.Method is { } method) ddl.Append(" USING ").Append(method);
        ddl.Append(" (").AppendJoin(", ", index.Keys.Select(IndexKey)).Append(')').Append(Include(index.Included));
        if (index.NullsNotDistinct) ddl.Append(" NULLS NOT DISTINCT");
        if (index.Parameters.Count > 0) ddl.Append(" WITH (").AppendJoin(", ", index.Parameters).Append(')');
        if (index.Predicate is { } predicate) ddl.Append(" WHERE ").Append(predicate);
        return ddl.ToString();
    }

    static string IndexKey(IndexKey key)
    {
        var sql = new StringBuilder(key.Column is { } column ? PgSql.Ident(column) : $"({key.Expression})");
        if (key.Collation is not null) sql.Append(" COLLATE ").Append(key.Collation);
        if (key.OperatorClass is not null) sql.Append(' ').Append(key.OperatorClass);
        if (key.Descending) sql.Append(" DESC");
        if (key.NullsFirst is { } first) sql.Append(first ? " NULLS FIRST" : " NULLS LAST");
        return sql.ToString();
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
        if (catalog.Tables.Any(t => t.TimePartitions is { Hypertable: true }))
            lines.Add($"CREATE EXTENSION IF NOT EXISTS {TimescaleExtension}");
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
            lines.AddRange(Constraints(table).Select(c => c.Sql));
            lines.AddRange(table.Indexes.Select(i => Index(table.Name, i)));
        }
        foreach (var table in catalog.Tables)
            lines.AddRange(table.ForeignKeys.Select(f => ForeignKey(table.Name, f)));
        return string.Concat(lines.Select(l => l.StartsWith("--   ", StringComparison.Ordinal) ? $"{l}\n"
            : l.StartsWith("--", StringComparison.Ordinal) ? $"\n{l}\n" : $"{l};\n"));
    }
}
