using Orchestrator.Core.Catalog;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.SchemaConversion;

/// <summary>
/// Turns the catalog Discover read (source names) into the target's: identifier case (target.identifierCase),
/// the spec's overrides of table and column names and types, names cut to 63 bytes, collisions resolved by a numeric
/// suffix, definitions rewritten to the new names, foreign keys to tables outside the selection left out. The result
/// keeps every source name in SourceName, so the source is still read with its own names. Every change that is not
/// plain case folding is a finding; an override that cannot work is a spec error before anything is planned.
/// A PostgreSQL source without overrides comes out unchanged.
/// </summary>
public static class TargetNaming
{
    public static SourceCatalog Apply(SourceCatalog catalog, MigrationSpec spec)
    {
        var lower = IdentifierCase.Resolve(spec) == IdentifierCase.Lower;
        var findings = new List<ConversionFinding>(catalog.Findings);
        var problems = new List<string>();
        var overrides = MatchOverrides(catalog, spec, problems);
        var map = new NameMap();
        var relations = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> Relations(string schema) => relations.TryGetValue(schema, out var set) ? set : relations[schema] = new(StringComparer.Ordinal);

        string Name(string source, string subject, bool fold)
        {
            var folded = IdentifierRules.Fold(source, fold);
            var cut = IdentifierRules.Truncate(folded);
            if (cut != folded) findings.Add(new(subject, "identifier", $"name longer than {IdentifierRules.MaxBytes} bytes, cut to {cut}"));
            return cut;
        }

        string Unique(string name, ISet<string> taken, string subject, string kind)
        {
            var unique = IdentifierRules.Unique(name, taken);
            if (unique != name) findings.Add(new(subject, "collision", $"{kind} name {name} is already taken in the target; named {unique}"));
            return unique;
        }

        // Tables: names the spec chose first, so folded names give way to them.
        foreach (var table in catalog.Tables.Where(t => overrides.TryGetValue(t.Name, out var o) && (o.Override.Name ?? o.Override.Schema) is not null))
        {
            var (index, o) = overrides[table.Name];
            var target = new TableName(o.Schema ?? Name(table.Name.Schema, table.Name.ToString(), lower), o.Name ?? Name(table.Name.Name, table.Name.ToString(), lower));
            if (!Relations(target.Schema).Add(target.Name))
                problems.Add($"overrides[{index}].name: {target} is already the target name of another table");
            map.Tables[table.Name] = target;
        }
        foreach (var table in catalog.Tables.Where(t => !map.Tables.ContainsKey(t.Name)))
        {
            var schema = Name(table.Name.Schema, table.Name.ToString(), lower);
            map.Tables[table.Name] = new(schema, Unique(Name(table.Name.Name, table.Name.ToString(), lower), Relations(schema), table.Name.ToString(), "table"));
        }

        // Columns: a partition takes its partitioned table's column overrides (it has the same columns).
        var columnOverrides = new Dictionary<TableName, (int Index, IReadOnlyDictionary<string, ColumnOverride> Columns)>();
        foreach (var table in catalog.Tables)
        {
            if (overrides.TryGetValue(table.Name, out var own)) columnOverrides[table.Name] = (own.Index, own.Override.Columns);
            else if (table.PartitionOf is { } p && columnOverrides.TryGetValue(p.Parent, out var inherited)) columnOverrides[table.Name] = inherited;
            var chosen = columnOverrides.GetValueOrDefault(table.Name).Columns ?? new Dictionary<string, ColumnOverride>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var c in table.Columns.Where(c => chosen.GetValueOrDefault(c.Name)?.Name is not null))
                if (!taken.Add(columns[c.Name] = chosen[c.Name].Name!))
                    problems.Add($"overrides[{columnOverrides[table.Name].Index}].columns.{c.Name}.name: {chosen[c.Name].Name} is already the name of another column of {table.Name}");
            foreach (var c in table.Columns.Where(c => !columns.ContainsKey(c.Name)))
                columns[c.Name] = Unique(Name(c.Name, $"{table.Name}.{c.Name}", lower), taken, $"{table.Name}.{c.Name}", "column");
            map.Columns[table.Name] = columns;
        }

        // Sequences live beside tables in their schema's relation names.
        foreach (var s in catalog.Sequences)
        {
            var source = new TableName(s.Schema, s.Name);
            var schema = Name(s.Schema, source.ToString(), lower);
            map.Sequences[source] = s.IsIdentity ? new(schema, Name(s.Name, source.ToString(), lower))
                : new(schema, Unique(Name(s.Name, source.ToString(), lower), Relations(schema), source.ToString(), "sequence"));
        }

        var selected = catalog.Tables.Select(t => t.Name).ToHashSet();
        var tablesRenamed = map.Tables.Any(t => t.Key != t.Value);
        var tables = new List<TableInfo>();
        foreach (var table in catalog.Tables)
        {
            var target = map.Tables[table.Name];
            var columns = map.Columns[table.Name];
            var chosen = columnOverrides.GetValueOrDefault(table.Name).Columns ?? new Dictionary<string, ColumnOverride>();
            var keyColumns = new[] { table.PrimaryKey, table.InheritedKey }.Concat(table.UniqueKeys).OfType<KeyInfo>().SelectMany(k => k.Columns)
                .Concat(table.ForeignKeys.SelectMany(f => f.Columns)).ToHashSet(StringComparer.Ordinal);
            var constraintNames = new HashSet<string>(StringComparer.Ordinal);
            var relationNames = Relations(target.Schema);
            string Constraint(string name, bool isIndex, string kind)
            {
                var subject = $"{table.Name} {kind} {name}";
                var folded = Name(name, subject, lower);
                var unique = Unique(folded, isIndex ? relationNames : constraintNames, subject, kind);
                if (isIndex) constraintNames.Add(unique);
                return unique;
            }
            KeyInfo? Key(KeyInfo? key, string kind) => key is null ? null : key with
            {
                Name = Constraint(key.Name, isIndex: true, kind),
                Columns = key.Columns.Select(c => columns.GetValueOrDefault(c, c)).ToList(),
                Definition = DefinitionRewriter.Clause(key.Definition, table.Name, map),
            };

            var foreignKeys = new List<ForeignKeyInfo>();
            foreach (var fk in table.ForeignKeys)
            {
                if (!selected.Contains(fk.References))
                {
                    findings.Add(new($"{table.Name} foreign key {fk.Name}", "foreign-key", $"references {fk.References}, which is not selected; the foreign key is not created"));
                    continue;
                }
                foreignKeys.Add(fk with
                {
                    Name = Constraint(fk.Name, isIndex: false, "foreign key"),
                    Columns = fk.Columns.Select(c => columns.GetValueOrDefault(c, c)).ToList(),
                    References = map.Table(fk.References),
                    Definition = DefinitionRewriter.Clause(fk.Definition, table.Name, map),
                });
            }

            var newColumns = table.Columns.Select(c =>
            {
                var type = chosen.GetValueOrDefault(c.Name)?.Type;
                if (type is not null && type != c.DataType
                    && TypeOverrides.Refusal(catalog.Dialect, c.DataType, type, keyColumns.Contains(c.Name)) is { } refusal)
                    problems.Add($"overrides[{columnOverrides[table.Name].Index}].columns.{c.Name}.type: {table.Name}.{c.Name} is {c.DataType}; {refusal}");
                if (catalog.Dialect != "postgres" && IdentifierRules.ReservedWords.Contains(columns[c.Name]))
                    findings.Add(new($"{table.Name}.{c.Name}", "reserved-word", $"{columns[c.Name]} is reserved in PostgreSQL: the DDL quotes it, queries must too"));
                return c with
                {
                    Name = columns[c.Name],
                    SourceName = columns[c.Name] == c.Name ? null : c.Name,
                    DataType = type ?? c.DataType,
                    SourceDataType = type is not null && type != c.DataType ? c.DataType : null,
                    Default = c.Default is null ? null : DefinitionRewriter.Expression(c.Default, table.Name, map),
                    GenerationExpression = c.GenerationExpression is null ? null : DefinitionRewriter.Expression(c.GenerationExpression, table.Name, map),
                };
            }).ToList();
            if (catalog.Dialect != "postgres" && IdentifierRules.ReservedWords.Contains(target.Name))
                findings.Add(new(table.Name.ToString(), "reserved-word", $"{target.Name} is reserved in PostgreSQL: the DDL quotes it, queries must too"));

            tables.Add(table with
            {
                Name = target,
                SourceName = target == table.Name ? null : table.Name,
                Columns = newColumns,
                PrimaryKey = Key(table.PrimaryKey, "primary key"),
                InheritedKey = table.InheritedKey is { } inherited ? inherited with { Columns = inherited.Columns.Select(c => columns.GetValueOrDefault(c, c)).ToList() } : null,
                UniqueKeys = table.UniqueKeys.Select(u => Key(u, "unique key")!).ToList(),
                Checks = table.Checks.Select(c => c with { Name = Constraint(c.Name, isIndex: false, "check"), Definition = DefinitionRewriter.Clause(c.Definition, table.Name, map) }).ToList(),
                ForeignKeys = foreignKeys,
                Indexes = table.Indexes.Select(i =>
                {
                    var name = Constraint(i.Name, isIndex: true, "index");
                    return i with { Name = name, Definition = name == i.Name && !tablesRenamed && map.ColumnsOf(table.Name).All(c => c.Key == c.Value) ? i.Definition : DefinitionRewriter.Index(i.Definition, name, table.Name, map) };
                }).ToList(),
                PartitionKey = table.PartitionKey is null ? null : DefinitionRewriter.Clause(table.PartitionKey, table.Name, map),
                PartitionOf = table.PartitionOf is { } p ? p with { Parent = map.Table(p.Parent) } : null,
            });
        }

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
                OwnedByColumn = s.OwnedByTable is { } o && s.OwnedByColumn is { } c ? map.ColumnsOf(o).GetValueOrDefault(c, c) : s.OwnedByColumn,
            };
        }).ToList();

        if (problems.Count > 0) throw new SpecException(problems);
        return catalog with { Tables = tables, Sequences = sequences, Findings = findings };
    }

    static Dictionary<TableName, (int Index, TableOverride Override)> MatchOverrides(SourceCatalog catalog, MigrationSpec spec, List<string> problems)
    {
        var result = new Dictionary<TableName, (int, TableOverride)>();
        for (var i = 0; i < spec.Overrides.Count; i++)
        {
            var o = spec.Overrides[i];
            var table = catalog.Tables.FirstOrDefault(t => t.Name.ToString() == o.Table);
            if (table is null)
            {
                problems.Add($"overrides[{i}].table: {o.Table} is not a selected source table (names as the source spells them, schema.table)");
                continue;
            }
            foreach (var column in o.Columns.Keys.Where(c => table.Columns.All(x => x.Name != c)))
                problems.Add($"overrides[{i}].columns.{column}: {o.Table} has no column {column}");
            result[table.Name] = (i, o);
        }
        return result;
    }
}
