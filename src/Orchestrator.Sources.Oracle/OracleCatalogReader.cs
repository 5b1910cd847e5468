using System.Data.Common;
using System.Globalization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>A row of <see cref="OracleCatalogQueries.Tables"/>.</summary>
public sealed record OracleTableRow(TableName Name, long EstimatedRows, long Blocks, bool Partitioned, bool IndexOrganized,
    string? Comment, long BlockSize);

/// <summary>A row of <see cref="OracleCatalogQueries.Columns"/>.</summary>
public sealed record OracleColumnRow(string Table, string Name, OracleColumnType Type, bool Nullable, string? IdentityGeneration,
    string? IdentitySequence,
    string? Default = null, string? Comment = null);

/// <summary>A row of <see cref="OracleCatalogQueries.Constraints"/> with its columns.</summary>
public sealed record OracleConstraintRow(string Table, string Name, string Type, string? DeleteRule, bool Deferrable, bool Deferred,
    TableName? References, string? Condition, bool GeneratedName);

/// <summary>Reads the selected tables and their keys, indexes and sequences from the ALL_* views into Core's catalog.</summary>
public sealed class OracleCatalogReader(DbConnection connection, OracleMappingOptions options)
{
    public async Task<SourceCatalog> ReadAsync(TableSelection selection, CancellationToken ct)
    {
        var tables = MapTables(await ReaderAsync(OracleCatalogQueries.Tables, [], ct))
            .Where(t => TablePattern.IsSelected(selection, t.Name.Schema, t.Name.Name)).ToList();
        var selected = tables.Select(t => t.Name).ToHashSet();
        var infos = new List<TableInfo>();
        var sequences = new List<SequenceInfo>();
        var problems = new List<string>();
        var findings = new List<ConversionFinding>();
        foreach (var owner in tables.Select(t => t.Name.Schema).Distinct(StringComparer.Ordinal))
        {
            var columns = MapColumns(await ReaderAsync(OracleCatalogQueries.Columns, [new("owner", owner)], ct));
            var constraints = MapConstraints(owner, await ReaderAsync(OracleCatalogQueries.Constraints, [new("owner", owner)], ct));
            var keyColumns = MapConstraintColumns(await ReaderAsync(OracleCatalogQueries.ConstraintColumns, [new("owner", owner)], ct));
            var names = columns.GroupBy(c => c.Table, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(c => c.Name).ToList(), StringComparer.Ordinal);
            var indexes = MapIndexes(owner, await ReaderAsync(OracleCatalogQueries.Indexes, [new("owner", owner)], ct), findings, names);
            var identitySequences = new Dictionary<string, (TableName, string)>(StringComparer.Ordinal);
            foreach (var table in tables.Where(t => t.Name.Schema == owner))
            {
                var mine = columns.Where(c => c.Table == table.Name.Name).ToList();
                var columnInfos = new List<ColumnInfo>();
                foreach (var column in mine)
                {
                    try { columnInfos.Add(ToColumnInfo(column, options, table.Name, findings)); }
                    catch (NotSupportedException e)
                    {
                        problems.Add($"tables: {table.Name}.{column.Name} ({column.Type.DataType}): {e.Message}; exclude the table " +
                            "(tables.exclude) to migrate the others");
                    }
                    if (column.IdentitySequence is { } seq) identitySequences[seq] = (table.Name, column.Name);
                }
                infos.Add(WithConstraints(new TableInfo
                {
                    Name = table.Name,
                    Columns = columnInfos,
                    EstimatedRows = table.EstimatedRows,
                    Pages = table.Blocks,
                    SizeBytes = table.Blocks * table.BlockSize,
                    Comment = table.Comment,
                }, constraints.Where(c => c.Table == table.Name.Name), keyColumns, selected, findings) with
                {
                    Indexes = indexes.GetValueOrDefault(table.Name.Name) ?? [],
                });
            }
            sequences.AddRange(MapSequences(owner,
                await ReaderAsync(OracleCatalogQueries.Sequences, [new("owner", owner)], ct), identitySequences));
        }
        if (problems.Count > 0) throw new SpecException(problems);
        return new SourceCatalog
        {
            Dialect = "oracle",
            Database = connection.Database,
            ServerVersion = connection.ServerVersion,
            Tables = infos,
            Sequences = sequences,
            Findings = findings,
        };
    }

    /// <summary>The columns of one table with their mappings, for reading chunks and computing aggregates.</summary>
    public async Task<IReadOnlyList<OracleColumnRow>> ReadColumnsAsync(TableName table, CancellationToken ct) =>
        MapColumns(await ReaderAsync(OracleCatalogQueries.TableColumns, [new("owner", table.Schema), new("name", table.Name)], ct));

    public static ColumnInfo ToColumnInfo(OracleColumnRow column, OracleMappingOptions options, TableName? table = null,
        List<ConversionFinding>? findings = null)
    {
        var mapping = OracleTypeMapping.Map(column.Type, options);
        string? defaultValue = null;
        // An identity column's default is its own sequence: the target identity replaces it.
        if (column.Default is { } text && column.IdentityGeneration is null && text.Trim().Length > 0)
        {
            defaultValue = OracleDefaultTranslation.ToPostgres(text, mapping.Mapping.TargetType, mapping.Family, table?.Schema ?? "");
            if (defaultValue is null)
                findings?.Add(new($"{table}.{column.Name}", "default",
                    $"default {text.Trim()} has no PostgreSQL translation; the target column has no default"));
        }
        return new ColumnInfo
        {
            Name = column.Name,
            DataType = mapping.Mapping.TargetType,
            Family = mapping.Family,
            Nullable = column.Nullable,
            Identity = column.IdentityGeneration switch { "ALWAYS" => IdentityKind.Always, "BY DEFAULT" => IdentityKind.ByDefault,
                _ => IdentityKind.None },
            Default = defaultValue,
            Comment = column.Comment,
        };
    }

    public static List<OracleTableRow> MapTables(DbDataReader r)
    {
        var list = new List<OracleTableRow>();
        using (r)
            while (r.Read())
                list.Add(new OracleTableRow(new TableName(Str(r, 0)!, Str(r, 1)!), Long(r, 2) ?? -1, Long(r, 3) ?? 0,
                    Str(r, 4) == "YES", Str(r, 5) == "IOT", Str(r, 6), Long(r, 7) ?? 8192));
        return list;
    }

    public static List<OracleColumnRow> MapColumns(DbDataReader r)
    {
        var list = new List<OracleColumnRow>();
        using (r)
            while (r.Read())
            {
                var identity = Str(r, 9);
                var type = new OracleColumnType(Str(r, 2)!, (int?)Long(r, 4), (int?)Long(r, 5), (int)(Long(r, 3) ?? 0),
                    (int)(Long(r, 6) ?? 0), Str(r, 7), Identity: identity is not null);
                list.Add(new OracleColumnRow(Str(r, 0)!, Str(r, 1)!, type, Str(r, 8) != "N", identity, Str(r, 10),
                    r.FieldCount > 11 ? Str(r, 11) : null, r.FieldCount > 12 ? Str(r, 12) : null));
            }
        return list;
    }

    public static List<OracleConstraintRow> MapConstraints(string owner, DbDataReader r)
    {
        var list = new List<OracleConstraintRow>();
        using (r)
            while (r.Read())
                list.Add(new OracleConstraintRow(Str(r, 0)!, Str(r, 1)!, Str(r, 2)!, Str(r, 3), Str(r, 4) == "DEFERRABLE",
                    Str(r, 5) == "DEFERRED",
                    Str(r, 6) is { } refOwner ? new TableName(refOwner, Str(r, 7)!) : null, Str(r, 8), Str(r, 9) == "GENERATED NAME"));
        return list;
    }

    /// <summary>Constraint name to (columns, referenced columns) in key order.</summary>
    public static Dictionary<string, (List<string> Columns, List<string> Referenced)> MapConstraintColumns(DbDataReader r)
    {
        var map = new Dictionary<string, (List<string>, List<string>)>(StringComparer.Ordinal);
        using (r)
            while (r.Read())
            {
                var name = Str(r, 0)!;
                if (!map.TryGetValue(name, out var entry)) map[name] = entry = ([], []);
                entry.Item1.Add(Str(r, 1)!);
                if (Str(r, 2) is { } referenced) entry.Item2.Add(referenced);
            }
        return map;
    }

    /// <summary>
    /// Table name to its indexes (created in the table's schema): composite, unique, descending and function-based keys
    /// that translate; bitmap and reverse-key indexes become btree. What does not translate is reported in
    /// <paramref name="findings"/>.
    /// </summary>
    public static Dictionary<string, List<IndexInfo>> MapIndexes(string owner, DbDataReader r, List<ConversionFinding>? findings = null,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>>? tableColumns = null)
    {
        var rows = new List<(string Table, string Index, bool Unique, string Column, bool Descending, string Type, string? Expression)>();
        using (r)
            while (r.Read())
                rows.Add((Str(r, 0)!, Str(r, 1)!, Str(r, 2) == "UNIQUE", Str(r, 3)!, r.FieldCount > 4 && Str(r, 4) == "DESC",
                    r.FieldCount > 5 ? Str(r, 5) ?? "NORMAL" : "NORMAL", r.FieldCount > 6 ? Str(r, 6) : null));
        var result = new Dictionary<string, List<IndexInfo>>(StringComparer.Ordinal);
        foreach (var index in rows.GroupBy(x => (x.Table, x.Index, x.Unique, x.Type)))
        {
            var table = new TableName(owner, index.Key.Table);
            var subject = $"{table} index {index.Key.Index}";
            var type = index.Key.Type;
            if (type is not ("NORMAL" or "NORMAL/REV" or "BITMAP"
                or "FUNCTION-BASED NORMAL" or "FUNCTION-BASED NORMAL/REV" or "FUNCTION-BASED BITMAP"))
            {
                findings?.Add(new(subject, "index", $"{type} index has no PostgreSQL equivalent; not created"));
                continue;
            }
            var columns = tableColumns?.GetValueOrDefault(index.Key.Table) ?? index.Select(x => x.Column).ToList();
            var keys = new List<IndexKey>();
            foreach (var key in index)
            {
                var element = key.Expression is null ? PgSql.Ident(key.Column) : OracleIndexTranslation.Expression(key.Expression, columns);
                if (element is null) { keys.Clear(); break; }
                // A descending key is function-based in Oracle too: its expression is just the column.
                var column = key.Expression is null ? key.Column : OracleIndexTranslation.Column(element);
                keys.Add(new IndexKey(column, column is null ? element : null) { Descending = key.Descending });
            }
            if (keys.Count == 0)
            {
                findings?.Add(new(subject, "index",
                    $"key {string.Join(", ", index.Select(x => x.Expression ?? x.Column))} has no PostgreSQL translation; not created"));
                continue;
            }
            if (type.Contains("BITMAP", StringComparison.Ordinal) || type.EndsWith("/REV", StringComparison.Ordinal))
                findings?.Add(new(subject, "index", $"{type} index becomes a btree index"));
            if (!result.TryGetValue(index.Key.Table, out var list)) result[index.Key.Table] = list = [];
            list.Add(new IndexInfo(index.Key.Index, index.Key.Unique, keys));
        }
        return result;
    }

    /// <summary>
    /// Sequences of the owner: free-standing ones, and identity sequences (ISEQ$$_n) of the selected tables' identity
    /// columns, whose value is carried to the column's own sequence. Oracle's NUMBER bounds are clamped to bigint.
    /// </summary>
    public static List<SequenceInfo> MapSequences(string owner, DbDataReader r,
        IReadOnlyDictionary<string, (TableName Table, string Column)> identities)
    {
        var list = new List<SequenceInfo>();
        using (r)
            while (r.Read())
            {
                var name = Str(r, 0)!;
                var identity = identities.TryGetValue(name, out var owned);
                if (!identity && name.StartsWith("ISEQ$$_", StringComparison.Ordinal)) continue;
                list.Add(new SequenceInfo
                {
                    Schema = owner,
                    Name = name,
                    DataType = "bigint",
                    Min = Clamp(Str(r, 1)!),
                    Max = Clamp(Str(r, 2)!),
                    Increment = Clamp(Str(r, 3)!),
                    Start = Clamp(Str(r, 1)!),
                    Cycle = Str(r, 4) == "Y",
                    IsIdentity = identity,
                    OwnedByTable = identity ? owned.Table : null,
                    OwnedByColumn = identity ? owned.Column : null,
                });
            }
        return list;
    }

    /// <summary>Keys, foreign keys (to selected tables only) and checks; check conditions translated to PostgreSQL.</summary>
    public static TableInfo WithConstraints(TableInfo table, IEnumerable<OracleConstraintRow> constraints,
        IReadOnlyDictionary<string, (List<string> Columns, List<string> Referenced)> keyColumns, IReadOnlySet<TableName> selected,
        List<ConversionFinding>? findings = null)
    {
        KeyInfo? primary = null;
        var unique = new List<KeyInfo>();
        var foreign = new List<ForeignKeyInfo>();
        var checks = new List<CheckInfo>();
        foreach (var c in constraints)
        {
            var (columns, referenced) = keyColumns.GetValueOrDefault(c.Name, ([], []));
            switch (c.Type)
            {
                case "P": primary = new KeyInfo(c.Name, columns); break;
                case "U": unique.Add(new KeyInfo(c.Name, columns)); break;
                case "R" when c.References is { } target && selected.Contains(target) && referenced.Count == columns.Count:
                    foreign.Add(new ForeignKeyInfo(c.Name, columns, target, referenced)
                    {
                        // ALL_CONSTRAINTS.DELETE_RULE: CASCADE, SET NULL or NO ACTION; Oracle has no ON UPDATE.
                        OnDelete = c.DeleteRule switch { "CASCADE" => ReferentialAction.Cascade, "SET NULL" => ReferentialAction.SetNull,
                            _ => ReferentialAction.NoAction },
                        Deferral = !c.Deferrable ? Deferral.Immediate : c.Deferred ? Deferral.InitiallyDeferred : Deferral.Deferrable,
                    });
                    break;
                case "R":
                    findings?.Add(new($"{table.Name} foreign key {c.Name}", "foreign-key",
                        $"references {c.References}, which is not selected; not created"));
                    break;
                case "C" when c.Condition is { } condition && !IsNotNullCheck(c):
                    if (OracleCheckTranslation.ToPostgres(condition, table.Columns.Select(x => x.Name).ToList()) is { } check)
                        checks.Add(new CheckInfo(c.Name, check));
                    else
                        findings?.Add(new($"{table.Name} check {c.Name}", "check",
                            $"{condition} has no PostgreSQL translation; not created"));
                    break;
            }
        }
        return table with { PrimaryKey = primary, UniqueKeys = unique, ForeignKeys = foreign, Checks = checks };
    }

    // NOT NULL columns appear as system-named checks '"C" IS NOT NULL'; the column's nullability already says it.
    static bool IsNotNullCheck(OracleConstraintRow c) =>
        c.GeneratedName && c.Condition!.TrimEnd().EndsWith("IS NOT NULL", StringComparison.OrdinalIgnoreCase)
            && !c.Condition.Contains(" AND ", StringComparison.OrdinalIgnoreCase);

    static long Clamp(string text)
    {
        var value = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return value >= long.MaxValue ? long.MaxValue : value <= long.MinValue ? long.MinValue : (long)value;
    }

    static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture);

    static long? Long(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    async Task<DbDataReader> ReaderAsync(string sql, IReadOnlyList<KeyValuePair<string, object>> binds, CancellationToken ct)
    {
#pragma warning disable CA2000 // the reader the caller disposes outlives the command; closing the connection releases it
        var command = OracleCommands.Create(connection, new OracleQuery(sql, binds));
#pragma warning restore CA2000
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, ct);
    }
}
