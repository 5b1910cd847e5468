using Orchestrator.Core.Catalog;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.SchemaConversion;

/// <summary>
/// Chooses every target name of a catalog: tables, columns and sequences into <see cref="Map"/>, constraint and index
/// names on request. Names the spec chose are taken first; the others are folded (or kept), cut to 63 bytes and made
/// unique in their namespace (a schema's relations, a table's columns, a table's constraints), each change a finding.
/// </summary>
sealed class TargetNames
{
    readonly bool _lower;
    readonly Dictionary<string, HashSet<string>> _relations = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _schemas = new(StringComparer.Ordinal);
    readonly Dictionary<TableName, (int Index, TableOverride Override)> _overrides;
    readonly Dictionary<TableName, (int Index, IReadOnlyDictionary<string, ColumnOverride> Columns)> _columnOverrides = [];

    public NameMap Map { get; } = new();
    public List<ConversionFinding> Findings { get; }
    /// <summary>Spec errors, each naming its JSON path.</summary>
    public List<string> Problems { get; } = [];

    public TargetNames(SourceCatalog catalog, MigrationSpec spec, Sources.SourceTraits dialect)
    {
        _lower = IdentifierCase.Resolve(spec, dialect) == IdentifierCase.Lower;
        Findings = [.. catalog.Findings];
        _overrides = MatchOverrides(catalog, spec);
        NameTables(catalog);
        foreach (var table in catalog.Tables) NameColumns(table);
        foreach (var s in catalog.Sequences)
        {
            var source = new TableName(s.Schema, s.Name);
            var name = Name(s.Name, source.ToString());
            // An identity's sequence is created by its column and named by PostgreSQL: it takes no relation name here.
            Map.Sequences[source] = new(Schema(s.Schema),
                s.IsIdentity ? name : Unique(name, Relations(Schema(s.Schema)), source.ToString(), "sequence"));
        }
    }

    /// <summary>The column overrides of a source table (a partition has its partitioned table's), with their index in the spec.</summary>
    public (int Index, IReadOnlyDictionary<string, ColumnOverride> Columns) ColumnOverrides(TableName table) =>
        _columnOverrides.TryGetValue(table, out var o) ? o : (-1, new Dictionary<string, ColumnOverride>());

    /// <summary>A constraint's or index's target name: indexes and key constraints share the schema's relation names.</summary>
    public string Constraint(TableName table, string name, string kind, ISet<string> tableConstraints, bool isIndex)
    {
        var subject = $"{table} {kind} {name}";
        var unique = Unique(Name(name, subject), isIndex ? Relations(Map.Table(table).Schema) : tableConstraints, subject, kind);
        if (isIndex) tableConstraints.Add(unique);
        return unique;
    }

    void NameTables(SourceCatalog catalog)
    {
        // Names the spec chose first, so folded names give way to them.
        foreach (var (table, (index, o)) in _overrides.Where(x => (x.Value.Override.Name ?? x.Value.Override.Schema) is not null))
        {
            var target = new TableName(o.Schema ?? Schema(table.Schema), o.Name ?? Name(table.Name, table.ToString()));
            if (!Relations(target.Schema).Add(target.Name))
                Problems.Add($"overrides[{index}].name: {target} is already the target name of another table");
            Map.Tables[table] = target;
        }
        foreach (var table in catalog.Tables.Select(t => t.Name).Where(t => !Map.Tables.ContainsKey(t)))
        {
            var schema = Schema(table.Schema);
            Map.Tables[table] = new(schema, Unique(Name(table.Name, table.ToString()), Relations(schema), table.ToString(), "table"));
        }
    }

    // Catalog order puts partitioned tables before their partitions, so a partition finds its parent's overrides.
    void NameColumns(TableInfo table)
    {
        if (_overrides.TryGetValue(table.Name, out var own)) _columnOverrides[table.Name] = (own.Index, own.Override.Columns);
        else if (table.PartitionOf is { } p && _columnOverrides.TryGetValue(p.Parent, out var inherited))
            _columnOverrides[table.Name] = inherited;
        var (index, chosen) = ColumnOverrides(table.Name);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in table.Columns.Where(c => chosen.GetValueOrDefault(c.Name)?.Name is not null))
            if (!taken.Add(columns[c.Name] = chosen[c.Name].Name!))
                Problems.Add($"overrides[{index}].columns.{c.Name}.name: {chosen[c.Name].Name} is already the name of " +
                    $"another column of {table.Name}");
        foreach (var c in table.Columns.Where(c => !columns.ContainsKey(c.Name)))
        {
            var subject = $"{table.Name}.{c.Name}";
            columns[c.Name] = Unique(Name(c.Name, subject), taken, subject, "column");
        }
        Map.Columns[table.Name] = columns;
    }

    string Schema(string source) => _schemas.TryGetValue(source, out var name) ? name : _schemas[source] = Name(source, source);

    string Name(string source, string subject)
    {
        var folded = IdentifierRules.Fold(source, _lower);
        var cut = IdentifierRules.Truncate(folded);
        if (cut != folded) Findings.Add(new(subject, "identifier", $"name longer than {IdentifierRules.MaxBytes} bytes, cut to {cut}"));
        return cut;
    }

    string Unique(string name, ISet<string> taken, string subject, string kind)
    {
        var unique = IdentifierRules.Unique(name, taken);
        if (unique != name) Findings.Add(new(subject, "collision", $"{kind} name {name} is already taken in the target; named {unique}"));
        return unique;
    }

    HashSet<string> Relations(string schema) =>
        _relations.TryGetValue(schema, out var set) ? set : _relations[schema] = new(StringComparer.Ordinal);

    Dictionary<TableName, (int, TableOverride)> MatchOverrides(SourceCatalog catalog, MigrationSpec spec)
    {
        var result = new Dictionary<TableName, (int, TableOverride)>();
        for (var i = 0; i < spec.Overrides.Count; i++)
        {
            var o = spec.Overrides[i];
            var table = catalog.Tables.FirstOrDefault(t => t.Name.ToString() == o.Table);
            if (table is null)
            {
                Problems.Add($"overrides[{i}].table: {o.Table} is not a selected source table (names as the " +
                    "source spells them, schema.table)");
                continue;
            }
            foreach (var column in o.Columns.Keys.Where(c => table.Columns.All(x => x.Name != c)))
                Problems.Add($"overrides[{i}].columns.{column}: {o.Table} has no column {column}");
            result[table.Name] = (i, o);
        }
        return result;
    }
}
