using Orchestrator.Core.Catalog;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.SchemaConversion;

/// <summary>
/// Turns the catalog Discover read (source names) into the target's: identifier case (target.identifierCase),
/// the spec's overrides of table and column names and types, names cut to 63 bytes, collisions resolved by a numeric
/// suffix (<see cref="TargetNames"/>), keys, indexes and foreign keys given the new column names, expressions the
/// source handed over as text rewritten (<see cref="DefinitionRewriter"/>), foreign keys to tables outside the
/// selection left out. Where a table or column name or a type changes, the table keeps its source side as a column map
/// (<see cref="TableInfo.Source"/>), so the source is still read with its own names and types. Every change that is
/// not plain case folding is a finding; an override that cannot work is a spec error before anything is planned. A
/// PostgreSQL source without overrides comes out unchanged.
/// </summary>
public static class TargetNaming
{
    public static SourceCatalog Apply(SourceCatalog catalog, MigrationSpec spec, Sources.SourceTraits source)
    {
        var names = new TargetNames(catalog, spec, source);
        var selected = catalog.Tables.Select(t => t.Name).ToHashSet();
        var tablesRenamed = names.Map.Tables.Any(t => t.Key != t.Value);
        var tables = catalog.Tables.Select(t => Table(t, source, names, selected, tablesRenamed)).ToList();
        var map = names.Map;
        var sequences = catalog.Sequences.Select(s =>
        {
            var source = new TableName(s.Schema, s.Name);
            var target = map.Sequences[source];
            return s with
            {
                Schema = target.Schema,
                Name = target.Name,
                SourceName = target == source ? null : source,
                OwnedByTable = s.OwnedByTable is { } owner ? map.Table(owner) : null,
                OwnedByColumn = s.OwnedByTable is { } o && s.OwnedByColumn is { } c
                    ? map.ColumnsOf(o).GetValueOrDefault(c, c) : s.OwnedByColumn,
            };
        }).ToList();
        if (names.Problems.Count > 0) throw new SpecException(names.Problems);
        return catalog with { Tables = tables, Sequences = sequences, Findings = names.Findings };
    }

    static TableInfo Table(TableInfo table, Sources.SourceTraits source, TargetNames names, HashSet<TableName> selected, bool tablesRenamed)
    {
        var map = names.Map;
        var target = map.Table(table.Name);
        var columns = map.ColumnsOf(table.Name);
        var constraints = new HashSet<string>(StringComparer.Ordinal);
        string Constraint(string name, string kind, bool isIndex) => names.Constraint(table.Name, name, kind, constraints, isIndex);
        List<string> Columns(IEnumerable<string> source) => source.Select(c => columns.GetValueOrDefault(c, c)).ToList();
        string Expression(string sql) => DefinitionRewriter.Expression(sql, table.Name, map);
        KeyInfo? Key(KeyInfo? key, string kind) => key is null ? null : key with
        {
            Name = Constraint(key.Name, kind, isIndex: true),
            Columns = Columns(key.Columns),
            Included = Columns(key.Included),
        };

        var foreignKeys = new List<ForeignKeyInfo>();
        foreach (var fk in table.ForeignKeys)
        {
            if (!selected.Contains(fk.References))
            {
                names.Findings.Add(new($"{table.Name} foreign key {fk.Name}", "foreign-key",
                    $"references {fk.References}, which is not selected; the foreign key is not created"));
                continue;
            }
            var referenced = map.ColumnsOf(fk.References);
            foreignKeys.Add(fk with
            {
                Name = Constraint(fk.Name, "foreign key", isIndex: false),
                Columns = Columns(fk.Columns),
                References = map.Table(fk.References),
                ReferencedColumns = fk.ReferencedColumns.Select(c => referenced.GetValueOrDefault(c, c)).ToList(),
            });
        }
        if (source.ReservedWordsDiffer) ReportReserved(table.Name.ToString(), target.Name, names.Findings);
        var columnsUnchanged = columns.All(c => c.Key == c.Value);
        var targetColumns = OverriddenColumns(table, source, names);
        return table with
        {
            Name = target,
            Columns = targetColumns,
            Source = ColumnMap(table, target, targetColumns),
            PrimaryKey = Key(table.PrimaryKey, "primary key"),
            InheritedKey = table.InheritedKey is { } inherited ? inherited with { Columns = Columns(inherited.Columns) } : null,
            UniqueKeys = table.UniqueKeys.Select(u => Key(u, "unique key")!).ToList(),
            Checks = table.Checks.Select(c => c with { Name = Constraint(c.Name, "check", isIndex: false),
                Expression = Expression(c.Expression) }).ToList(),
            Exclusions = table.Exclusions.Select(x => x with
            {
                Name = Constraint(x.Name, "check", isIndex: false),
                Definition = DefinitionRewriter.Clause(x.Definition, table.Name, map),
            }).ToList(),
            ForeignKeys = foreignKeys,
            Indexes = table.Indexes.Select(i =>
            {
                var name = Constraint(i.Name, "index", isIndex: true);
                return i with
                {
                    Name = name,
                    Keys = i.Keys.Select(k => k with
                    {
                        Column = k.Column is { } c ? columns.GetValueOrDefault(c, c) : null,
                        Expression = k.Expression is { } e ? Expression(e) : null,
                    }).ToList(),
                    Included = Columns(i.Included),
                    Predicate = i.Predicate is { } p ? Expression(p) : null,
                    Definition = i.Definition is not { } d || (name == i.Name && !tablesRenamed && columnsUnchanged) ? i.Definition
                        : DefinitionRewriter.Index(d, name, table.Name, map),
                };
            }).ToList(),
            PartitionKey = table.PartitionKey is null ? null : DefinitionRewriter.Clause(table.PartitionKey, table.Name, map),
            PartitionOf = table.PartitionOf is { } p ? p with { Parent = map.Table(p.Parent) } : null,
        };
    }

    // Target names and types of a table's columns; a type override the source cannot honour is a spec problem.
    static List<ColumnInfo> OverriddenColumns(TableInfo table, Sources.SourceTraits source, TargetNames names)
    {
        var columns = names.Map.ColumnsOf(table.Name);
        var (index, chosen) = names.ColumnOverrides(table.Name);
        var keyColumns = new[] { table.PrimaryKey, table.InheritedKey }.Concat(table.UniqueKeys).OfType<KeyInfo>()
            .SelectMany(k => k.Columns)
            .Concat(table.ForeignKeys.SelectMany(f => f.Columns)).ToHashSet(StringComparer.Ordinal);
        return table.Columns.Select(c =>
        {
            var type = chosen.GetValueOrDefault(c.Name)?.Type is { } t && t != c.DataType ? t : null;
            if (type is not null && TypeOverrides.Refusal(source, c.DataType, type, keyColumns.Contains(c.Name)) is { } refusal)
                names.Problems.Add($"overrides[{index}].columns.{c.Name}.type: {table.Name}.{c.Name} is {c.DataType}; {refusal}");
            if (source.ReservedWordsDiffer) ReportReserved($"{table.Name}.{c.Name}", columns[c.Name], names.Findings);
            return c with
            {
                Name = columns[c.Name],
                DataType = type ?? c.DataType,
                Default = c.Default is null ? null : DefinitionRewriter.Expression(c.Default, table.Name, names.Map),
                GenerationExpression = c.GenerationExpression is null ? null
                    : DefinitionRewriter.Expression(c.GenerationExpression, table.Name, names.Map),
            };
        }).ToList();
    }

    /// <summary>The discovered table as the source side of its target, or null when neither a name nor a type changed.</summary>
    static SourceTable? ColumnMap(TableInfo discovered, TableName target, IReadOnlyList<ColumnInfo> targetColumns)
    {
        var map = discovered.Columns.Zip(targetColumns, (s, t) => new SourceColumn(s.Name, s.DataType, t.Name)).ToList();
        var same = target == discovered.Name && map.Zip(targetColumns).All(x => x.First.Name == x.Second.Name
            && x.First.DataType == x.Second.DataType);
        return same ? null : new SourceTable(discovered.Name, map);
    }

    // PostgreSQL sources had the same reserved words already; for the others an application may use the name unquoted.
    static void ReportReserved(string subject, string name, List<ConversionFinding> findings)
    {
        if (IdentifierRules.ReservedWords.Contains(name))
            findings.Add(new(subject, "reserved-word", $"{name} is reserved in PostgreSQL: the DDL quotes it, queries must too"));
    }
}
