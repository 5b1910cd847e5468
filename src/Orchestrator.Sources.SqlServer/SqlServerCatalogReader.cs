using System.Data.Common;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// Reads the selected tables from a SQL Server database's sys.* views into Core's catalog. The basic catalog is
/// required (a refusal names the views); sizes, row counts, tracking flags and comments are optional probes. Each
/// result set is mapped by a static method over a DbDataReader, so the mapping is tested with fixture rows and no server.
/// </summary>
sealed class SqlServerCatalogReader(SqlConnection connection, SqlServerProbeLog probes)
{
    public Dictionary<TableName, SqlServerTableFacts> Facts { get; } = [];

    public async Task<SourceCatalog> ReadAsync(TableSelection selection, SourcePosition? position, CancellationToken ct)
    {
        var external = await Optional(SqlServerProbes.ExternalTables, SqlServerCatalogQueries.ExternalTables, ReadIds, [], ct);
        var tables = (await Required("sys.tables, sys.schemas", SqlServerCatalogQueries.Tables, ReadTables, ct))
            .Where(t => !external.Contains(t.ObjectId) && TablePattern.IsSelected(selection, t.Name.Schema, t.Name.Name)).ToList();
        var columns = await Required("sys.columns, sys.types, sys.computed_columns, sys.default_constraints",
            SqlServerCatalogQueries.Columns, ReadColumns, ct);
        var indexes = await Required("sys.indexes, sys.index_columns", SqlServerCatalogQueries.Indexes, ReadIndexes, ct);
        var foreignKeys = await Required("sys.foreign_keys, sys.foreign_key_columns",
            SqlServerCatalogQueries.ForeignKeys, ReadForeignKeys, ct);
        var checks = await Required("sys.check_constraints", SqlServerCatalogQueries.Checks, ReadChecks, ct);
        var identities = await Required("sys.identity_columns", SqlServerCatalogQueries.Identities, ReadIdentities, ct);
        var sequences = await Required("sys.sequences", SqlServerCatalogQueries.Sequences, ReadSequences, ct);
        var rows = await Optional(SqlServerProbes.RowCounts, SqlServerCatalogQueries.RowCounts, ReadCounts, null, ct);
        var pages = await Optional(SqlServerProbes.Sizes, SqlServerCatalogQueries.Sizes, ReadCounts, null, ct);
        var changeTracked = await Optional(SqlServerProbes.ChangeTrackedTables,
            SqlServerCatalogQueries.ChangeTrackedTables, ReadIds, [], ct);
        var cdcTracked = await Optional(SqlServerProbes.CdcTables, SqlServerCatalogQueries.CdcTables, ReadIds, [], ct);
        var comments = await Optional(SqlServerProbes.Comments, SqlServerCatalogQueries.Comments, ReadComments, [], ct);

        var infos = new List<TableInfo>();
        foreach (var table in tables)
        {
            var id = table.ObjectId;
            var commented = comments.GetValueOrDefault(id);
            var facts = table with
            {
                // -1: not known; planning counts the rows.
                Rows = rows is null ? -1 : rows.GetValueOrDefault(id),
                TotalPages = pages?.GetValueOrDefault(id) ?? 0,
                ChangeTracked = changeTracked.Contains(id),
                CdcTracked = cdcTracked.Contains(id),
                Comment = commented?.GetValueOrDefault(""),
                Columns = (columns.GetValueOrDefault(id) ?? [])
                    .Select(c => c with { Comment = commented?.GetValueOrDefault(c.Name) }).ToList(),
            };
            Facts[facts.Name] = facts;
            infos.Add(BuildTable(facts, indexes.GetValueOrDefault(id) ?? [], foreignKeys.GetValueOrDefault(id) ?? [],
                checks.GetValueOrDefault(id) ?? []));
        }
        UniqueIndexNames(infos);
        var selected = infos.Select(t => t.Name).ToHashSet();
        var schemas = infos.Select(t => t.Name.Schema).ToHashSet(StringComparer.Ordinal);
        var server = connection.ServerVersion;
        return new SourceCatalog
        {
            Dialect = "sqlserver",
            Database = connection.Database,
            ServerVersion = server,
            Position = position,
            Tables = infos,
            Sequences = [.. sequences.Where(s => schemas.Contains(s.Schema)), .. identities.Where(s => selected.Contains(s.OwnedByTable!))],
            Findings = Facts.Values.SelectMany(f => f.Findings).ToList(),
            UnavailableProbes = probes.Unavailable,
        };
    }

    async Task<T> Read<T>(string sql, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return map(reader);
    }

    Task<T> Optional<T>(SqlServerProbe probe, string sql, Func<DbDataReader, T> map, T fallback, CancellationToken ct) =>
        probes.RunAsync(probe, () => Read(sql, map, ct), fallback);

    Task<T> Required<T>(string views, string sql, Func<DbDataReader, T> map, CancellationToken ct) =>
        RequiredAsync(views, () => Read(sql, map, ct));

    /// <summary>A query of the basic catalog: a refusal fails Discover with an error that names the views and the grant.</summary>
    internal static async Task<T> RequiredAsync<T>(string views, Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (SqlException e) when (SqlServerRefusals.Classify(SqlServerRefusals.Errors(e)) is { Refusal: not ServerRefusal.None } refused)
        {
            throw new InvalidOperationException(RequiredCatalogMessage(views, refused.Refusal, refused.Number, refused.Message), e);
        }
    }

    internal static string RequiredCatalogMessage(string views, ServerRefusal refusal, int number, string message) =>
        $"SQL Server: the catalog views {views} cannot be read ({refusal switch
        {
            ServerRefusal.Denied => "permission denied",
            ServerRefusal.Missing => "not there",
            _ => "not supported",
        }}; server error {number}: {message}). The migration login needs VIEW DEFINITION on the database and db_datareader " +
        "(docs/type-mapping.md, Permissions)";

    internal static TableInfo BuildTable(SqlServerTableFacts facts, IReadOnlyList<RawIndex> indexes,
        IReadOnlyList<ForeignKeyInfo> foreignKeys,
        IReadOnlyList<RawCheck>? checks = null)
    {
        var columns = facts.Columns.Select(c => ToColumnInfo(facts, c)).ToList();
        var booleans = columns.Where(c => c.Family == TypeFamily.Boolean).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var texts = columns.Where(c => c.Family == TypeFamily.Text).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        // Under a case-insensitive collation 'a' = 'A' holds in SQL Server and not in PostgreSQL: such a check could
        // refuse rows the source accepted.
        var caseInsensitive = facts.Columns.Where(c => texts.Contains(c.Name)
            && c.Collation?.Contains("_CI", StringComparison.OrdinalIgnoreCase) == true)
            .Select(c => c.Name).ToList();
        KeyInfo? primary = null;
        var unique = new List<KeyInfo>();
        var other = new List<IndexInfo>();
        foreach (var index in indexes)
        {
            var keyColumns = index.Columns.Where(c => !c.Included).Select(c => c.Name).ToList();
            if (index.IsPrimaryKey) primary = new KeyInfo(index.Name, keyColumns);
            else if (index.IsUniqueConstraint) unique.Add(new KeyInfo(index.Name, keyColumns));
            else
            {
                var predicate = index.Filter is { } filter ? SqlServerExpressions.Predicate(filter, booleans.Contains) : null;
                if (index.Filter is not null && predicate is null)
                {
                    facts.Findings.Add(new($"{facts.Name} index {index.Name}", "index",
                        $"filter {index.Filter} has no PostgreSQL translation; the index is not created"));
                    continue;
                }
                var keys = index.Columns.Where(c => !c.Included).Select(c => new IndexKey(c.Name) { Descending = c.Descending }).ToList();
                other.Add(new IndexInfo(index.Name, index.IsUnique, keys)
                {
                    Included = index.Columns.Where(c => c.Included).Select(c => c.Name).ToList(),
                    Predicate = predicate,
                });
            }
        }
        var translatedChecks = new List<CheckInfo>();
        foreach (var check in checks ?? [])
        {
            var subject = $"{facts.Name} check {check.Name}";
            if (check.Disabled || check.NotTrusted)
                facts.Findings.Add(new(subject, "check",
                    $"{(check.Disabled ? "disabled" : "not trusted")} in the source, so rows may violate it; not created"));
            else if (caseInsensitive.FirstOrDefault(c => check.Definition.Contains(SqlServerSql.Ident(c),
                StringComparison.Ordinal)) is { } column)
                facts.Findings.Add(new(subject, "check",
                    $"{check.Definition} compares {column} under a case-insensitive collation; PostgreSQL compares " +
                    "case-sensitively, so it is not created"));
            else if (SqlServerExpressions.Check(check.Definition, booleans.Contains, texts.Contains) is { } condition)
                translatedChecks.Add(new CheckInfo(check.Name, condition));
            else
                facts.Findings.Add(new(subject, "check", $"{check.Definition} has no PostgreSQL translation; not created"));
        }
        return new TableInfo
        {
            Name = facts.Name,
            Columns = columns,
            PrimaryKey = primary,
            UniqueKeys = unique,
            ForeignKeys = foreignKeys,
            Checks = translatedChecks,
            Indexes = other,
            EstimatedRows = facts.Rows,
            Pages = facts.TotalPages,
            SizeBytes = facts.TotalPages * 8192,
            Comment = facts.Comment,
        };
    }

    static ColumnInfo ToColumnInfo(SqlServerTableFacts facts, SqlServerColumn c)
    {
        var mapping = SqlServerTypeMapping.Map(c);
        var translated = SqlServerExpressions.Default(c.DefaultDefinition, mapping);
        if (c.DefaultDefinition is not null && translated is null)
            facts.Findings.Add(new($"{facts.Name}.{c.Name}", "default",
                $"default {c.DefaultDefinition} has no PostgreSQL translation; the target column has no default"));
        // Computed columns arrive as plain columns holding the computed values: T-SQL expressions are not translated.
        if (c.ComputedDefinition is not null)
            facts.Findings.Add(new($"{facts.Name}.{c.Name}", "computed-column",
                $"computed as {c.ComputedDefinition}; copied as values into a plain column"));
        return new ColumnInfo
        {
            Name = c.Name,
            DataType = mapping.TargetType,
            Family = SqlServerTypeMapping.Family(mapping),
            Nullable = c.Nullable,
            Default = c.IsIdentity ? null : translated,
            Identity = c.IsIdentity ? IdentityKind.ByDefault : IdentityKind.None,
            Comment = c.Comment,
        };
    }

    // SQL Server index names are per table, PostgreSQL's per schema: qualify the ones that would collide.
    static void UniqueIndexNames(List<TableInfo> tables)
    {
        var duplicated = tables.SelectMany(t => t.Indexes.Select(i => (t.Name.Schema, i.Name)))
            .GroupBy(x => x).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        for (var i = 0; i < tables.Count; i++)
        {
            var t = tables[i];
            if (!t.Indexes.Any(x => duplicated.Contains((t.Name.Schema, x.Name)))) continue;
            tables[i] = t with
            {
                Indexes = t.Indexes.Select(x => duplicated.Contains((t.Name.Schema, x.Name))
                    ? x with { Name = $"{t.Name.Name}_{x.Name}" } : x).ToList(),
            };
        }
    }

    internal sealed record RawIndex(string Name, bool IsPrimaryKey, bool IsUniqueConstraint, bool IsUnique, string? Filter,
        List<RawIndexColumn> Columns);

    internal sealed record RawIndexColumn(string Name, bool Descending, bool Included);

    internal sealed record RawCheck(string Name, string Definition, bool Disabled, bool NotTrusted);

    internal static Dictionary<int, List<RawCheck>> ReadChecks(DbDataReader r)
    {
        var result = new Dictionary<int, List<RawCheck>>();
        while (r.Read())
        {
            var objectId = r.GetInt32(0);
            if (!result.TryGetValue(objectId, out var list)) result[objectId] = list = [];
            list.Add(new RawCheck(r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetBoolean(4)));
        }
        return result;
    }

    internal static List<SqlServerTableFacts> ReadTables(DbDataReader r)
    {
        var list = new List<SqlServerTableFacts>();
        while (r.Read())
            list.Add(new SqlServerTableFacts { Name = new TableName(r.GetString(0), r.GetString(1)), ObjectId = r.GetInt32(2) });
        return list;
    }

    internal static HashSet<int> ReadIds(DbDataReader r)
    {
        var ids = new HashSet<int>();
        while (r.Read()) ids.Add(r.GetInt32(0));
        return ids;
    }

    /// <summary>(object_id, count) rows: row counts or pages.</summary>
    internal static Dictionary<int, long>? ReadCounts(DbDataReader r)
    {
        var counts = new Dictionary<int, long>();
        while (r.Read())
            counts[r.GetInt32(0)] = r.IsDBNull(1) ? 0 : Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        return counts;
    }

    /// <summary>Per object_id: the table's comment under "" and each column's under its name.</summary>
    internal static Dictionary<int, Dictionary<string, string>> ReadComments(DbDataReader r)
    {
        var comments = new Dictionary<int, Dictionary<string, string>>();
        while (r.Read())
        {
            if (r.IsDBNull(3) || (r.GetInt32(1) != 0 && r.IsDBNull(2))) continue;
            var objectId = r.GetInt32(0);
            if (!comments.TryGetValue(objectId, out var of)) comments[objectId] = of = new(StringComparer.Ordinal);
            of[r.GetInt32(1) == 0 ? "" : r.GetString(2)] = r.GetString(3);
        }
        return comments;
    }

    internal static Dictionary<int, List<SqlServerColumn>> ReadColumns(DbDataReader r)
    {
        var result = new Dictionary<int, List<SqlServerColumn>>();
        while (r.Read())
        {
            var objectId = r.GetInt32(0);
            if (!result.TryGetValue(objectId, out var list)) result[objectId] = list = [];
            list.Add(ReadColumn(r));
        }
        return result;
    }

    internal static SqlServerColumn ReadColumn(DbDataReader r) => new()
    {
        Name = r.GetString(1),
        SourceType = r.GetString(2).ToLowerInvariant(),
        UserType = r.IsDBNull(3) ? null : r.GetString(3),
        MaxLength = r.GetInt16(4),
        Precision = r.GetByte(5),
        Scale = r.GetByte(6),
        Collation = r.IsDBNull(7) ? null : r.GetString(7),
        Nullable = r.GetBoolean(8),
        IsIdentity = r.GetBoolean(9),
        ComputedDefinition = r.IsDBNull(10) ? null : r.GetString(10),
        DefaultDefinition = r.IsDBNull(11) ? null : r.GetString(11),
    };

    internal static Dictionary<int, List<RawIndex>> ReadIndexes(DbDataReader r)
    {
        var result = new Dictionary<int, List<RawIndex>>();
        while (r.Read())
        {
            var objectId = r.GetInt32(0);
            if (!result.TryGetValue(objectId, out var list)) result[objectId] = list = [];
            var name = r.GetString(1);
            if (list.Count == 0 || list[^1].Name != name)
                list.Add(new RawIndex(name, r.GetBoolean(2), r.GetBoolean(3), r.GetBoolean(4), r.IsDBNull(5) ? null : r.GetString(5), []));
            list[^1].Columns.Add(new RawIndexColumn(r.GetString(6), r.GetBoolean(7), r.GetBoolean(8)));
        }
        return result;
    }

    internal static Dictionary<int, List<ForeignKeyInfo>> ReadForeignKeys(DbDataReader r)
    {
        var rows = new List<(int Table, string Name, TableName References, string Column, string Referenced,
            string OnDelete, string OnUpdate)>();
        while (r.Read())
            rows.Add((r.GetInt32(0), r.GetString(1), new TableName(r.GetString(2), r.GetString(3)), r.GetString(4), r.GetString(5),
                r.GetString(6), r.GetString(7)));
        return rows.GroupBy(x => (x.Table, x.Name)).GroupBy(g => g.Key.Table).ToDictionary(t => t.Key, t => t.Select(fk =>
        {
            var first = fk.First();
            return new ForeignKeyInfo(first.Name, fk.Select(x => x.Column).ToList(), first.References,
                fk.Select(x => x.Referenced).ToList())
            {
                OnDelete = Action(first.OnDelete),
                OnUpdate = Action(first.OnUpdate),
            };
        }).ToList());

        // sys.foreign_keys.*_referential_action_desc; NO_ACTION is the default.
        static ReferentialAction Action(string action) => action switch
        {
            "CASCADE" => ReferentialAction.Cascade,
            "SET_NULL" => ReferentialAction.SetNull,
            "SET_DEFAULT" => ReferentialAction.SetDefault,
            _ => ReferentialAction.NoAction,
        };
    }

    internal static List<SequenceInfo> ReadIdentities(DbDataReader r)
    {
        var list = new List<SequenceInfo>();
        while (r.Read())
        {
            var (table, column, type) = (new TableName(r.GetString(0), r.GetString(1)), r.GetString(2), r.GetString(3));
            var (min, max) = Range(type);
            list.Add(new SequenceInfo
            {
                Schema = table.Schema,
                Name = $"{table.Name}_{column}_seq",
                DataType = TargetInteger(type),
                Start = Clamp(r.GetDecimal(4)),
                Increment = Clamp(r.GetDecimal(5)),
                Min = min,
                Max = max,
                OwnedByTable = table,
                OwnedByColumn = column,
                IsIdentity = true,
            });
        }
        return list;
    }

    internal static List<SequenceInfo> ReadSequences(DbDataReader r)
    {
        var list = new List<SequenceInfo>();
        while (r.Read())
            list.Add(new SequenceInfo
            {
                Schema = r.GetString(0),
                Name = r.GetString(1),
                DataType = TargetInteger(r.GetString(2)),
                Start = Clamp(r.GetDecimal(3)),
                Increment = Clamp(r.GetDecimal(4)),
                Min = Clamp(r.GetDecimal(5)),
                Max = Clamp(r.GetDecimal(6)),
                Cycle = r.GetBoolean(7),
            });
        return list;
    }

    // Sequences and identities of decimal(p,0) go to bigint: PostgreSQL sequences are at most bigint.
    static string TargetInteger(string type) => type switch { "tinyint" or "smallint" => "smallint", "int" => "integer", _ => "bigint" };

    static (long, long) Range(string type) => type switch
    {
        "tinyint" => (0, byte.MaxValue),
        "smallint" => (short.MinValue, short.MaxValue),
        "int" => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };

    static long Clamp(decimal value) => value > long.MaxValue ? long.MaxValue : value < long.MinValue ? long.MinValue : (long)value;
}
