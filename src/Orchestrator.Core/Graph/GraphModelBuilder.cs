using Orchestrator.Core.Catalog;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Graph;

/// <summary>
/// Resolves the spec's graph section against the catalog, at Discover (so a wrong name stops the run before anything
/// moves) and again wherever the graph is written. Each problem names its spec path.
/// </summary>
public static class GraphModelBuilder
{
    public static GraphModel Build(SourceCatalog catalog, GraphSpec spec)
    {
        var problems = new List<string>();
        var nodes = Nodes(catalog, spec, problems);
        var byTable = nodes.Values.ToDictionary(n => n.Table.Name);
        var skipped = new List<string>();
        var edges = new List<(EdgeType Edge, string? Type)>();

        var claimed = new HashSet<(TableName, string?)>();
        for (var i = 0; i < spec.Edges.Count; i++)
            if (Listed(catalog, spec.Edges[i], $"graph.edges[{i}]", byTable, problems) is { } listed)
            {
                edges.Add((listed, spec.Edges[i].Type));
                claimed.Add((listed.Table.Name, listed.Source));
            }
        if (spec.InferEdges)
            foreach (var table in catalog.Tables.Where(t => !claimed.Contains((t.Name, "junction"))))
            {
                if (byTable.TryGetValue(table.Name, out var node))
                {
                    foreach (var fk in table.ForeignKeys
                                 .Where(f => byTable.ContainsKey(f.References) && !claimed.Contains((table.Name, ForeignKey(f)))))
                        if (ForeignKeyEdge(node, fk, byTable[fk.References], reverse: false, out var why) is { } edge)
                            edges.Add((edge, null));
                        else skipped.Add($"{table.Name} foreign key {fk.Name}: {why}");
                }
                else if (Junction.Links(table) is var (first, second) && byTable.ContainsKey(first.References)
                    && byTable.ContainsKey(second.References))
                {
                    if (JunctionEdge(table, first, second, byTable, reverse: false, properties: null, out var why) is { } junction)
                        edges.Add((junction, null));
                    else skipped.Add($"{table.Name} junction: {why}");
                }
            }

        var named = Name(edges, problems);
        if (problems.Count > 0) throw new SpecException(problems);
        // A foreign key an edge stands for is not also a property of its table's nodes (unless the spec lists it).
        var edgeColumns = named.Where(e => e.Source != "junction")
            .SelectMany(e => e.Table.ForeignKeys.First(f => ForeignKey(f) == e.Source).Columns.Select(c => (e.Table.Name, c))).ToHashSet();
        var resolved = nodes.Select(pair => spec.Nodes[pair.Key].Properties is null
            ? pair.Value with
            {
                Properties = pair.Value.Properties.Where(c => !edgeColumns.Contains((pair.Value.Table.Name, c.Name))).ToList(),
            }
            : pair.Value).ToList();
        var relabel = resolved.ToDictionary(n => n.Label);
        return new GraphModel(spec.Schema, resolved,
            named.Select(e => e with { Start = relabel[e.Start.Label], End = relabel[e.End.Label] }).ToList())
        {
            Skipped = skipped,
        };
    }

    static Dictionary<int, NodeType> Nodes(SourceCatalog catalog, GraphSpec spec, List<string> problems)
    {
        if (spec.Nodes.Count == 0) problems.Add("graph.nodes: name at least one table");
        if (string.IsNullOrWhiteSpace(spec.Schema) || spec.Schema.StartsWith("pg_", StringComparison.Ordinal)
            || spec.Schema == Target.LoadLedger.Schema)
            problems.Add($"graph.schema: '{spec.Schema}' cannot hold the graph views; name another schema");
        foreach (var view in new[] { "nodes", "edges" })
            if (catalog.Tables.Any(t => t.Name == new TableName(spec.Schema, view)))
                problems.Add($"graph.schema: {spec.Schema}.{view} is a migrated table; the graph views need another schema");
        var nodes = new Dictionary<int, NodeType>();
        for (var i = 0; i < spec.Nodes.Count; i++)
        {
            var (node, at) = (spec.Nodes[i], $"graph.nodes[{i}]");
            var table = catalog.Tables.FirstOrDefault(t => CatalogShaping.Matches(t, node.Table));
            if (table is null) { problems.Add($"{at}.table: {node.Table} is not among the migrated tables"); continue; }
            if (nodes.Values.Any(n => n.Table.Name == table.Name))
            {
                problems.Add($"{at}.table: {node.Table} is already a node table");
                continue;
            }
            var label = node.Label ?? GraphNames.Label(table.Name.Name);
            if (!GraphNames.IsValid(label))
            {
                problems.Add($"{at}.label: '{label}' is not a valid label (letters, digits and _); set one");
                continue;
            }
            if (nodes.Values.Any(n => n.Label == label))
            {
                problems.Add($"{at}.label: {label} is already the label of another table; set another");
                continue;
            }
            var key = node.Key is { } named ? Columns(table, named, $"{at}.key", problems)
                : (table.PrimaryKey ?? table.InheritedKey) is { } pk
                ? pk.Columns.Select(c => table.Columns.First(col => col.Name == c)).ToList() : null;
            if (key is null or [])
            {
                problems.Add($"{at}.key: {node.Table} has no primary key; name the columns that identify a row");
                continue;
            }
            var properties = node.Properties is { } chosen ? Columns(table, chosen, $"{at}.properties", problems)
                : table.Columns.Where(Neo4jTypes.IsScalar).ToList();
            nodes[i] = new NodeType(label, table, key, properties ?? []);
        }
        return nodes;
    }

    /// <summary>An edge the spec lists: a foreign key of a node table, or a junction table between node tables.</summary>
    static EdgeType? Listed(SourceCatalog catalog, GraphEdgeSpec spec, string at,
        Dictionary<TableName, NodeType> nodes, List<string> problems)
    {
        var table = catalog.Tables.FirstOrDefault(t => CatalogShaping.Matches(t, spec.Table));
        if (table is null) { problems.Add($"{at}.table: {spec.Table} is not among the migrated tables"); return null; }
        if (spec.Type is { } type && !GraphNames.IsValid(type))
            problems.Add($"{at}.type: '{type}' is not a valid relationship type (letters, digits and _)");
        string? why;
        if (nodes.TryGetValue(table.Name, out var node))
        {
            var candidates = table.ForeignKeys.Where(f => nodes.ContainsKey(f.References)).ToList();
            var fk = spec.ForeignKey is { } name ? table.ForeignKeys.FirstOrDefault(f => f.Name == name)
                : candidates.Count == 1 ? candidates[0] : null;
            if (fk is null)
            {
                problems.Add(spec.ForeignKey is null
                    ? $"{at}.foreignKey: {spec.Table} has {candidates.Count} foreign keys to node tables " +
                        $"({string.Join(", ", candidates.Select(f => f.Name))}); name one"
                    : $"{at}.foreignKey: {spec.Table} has no foreign key {spec.ForeignKey} (it has " +
                        $"{string.Join(", ", table.ForeignKeys.Select(f => f.Name))})");
                return null;
            }
            if (!nodes.TryGetValue(fk.References, out var referenced))
            {
                problems.Add($"{at}.foreignKey: {fk.Name} references {fk.References}, which is not a node table");
                return null;
            }
            var edge = ForeignKeyEdge(node, fk, referenced, spec.Reverse, out why);
            if (edge is not null && spec.Properties is { } chosen)
                edge = edge with { Properties = Columns(table, chosen, $"{at}.properties", problems) ?? [] };
            if (edge is null) problems.Add($"{at}.foreignKey: {fk.Name}: {why}");
            return edge;
        }
        if (spec.ForeignKey is not null)
        {
            problems.Add($"{at}.foreignKey: {spec.Table} is not a node table, so it is read as a junction table; leave foreignKey out");
            return null;
        }
        var links = Junction.Links(table);
        if (links is not var (first, second) || !nodes.ContainsKey(first.References) || !nodes.ContainsKey(second.References))
        {
            problems.Add($"{at}.table: {spec.Table} is neither a node table nor a junction table (exactly two " +
                "foreign keys, both to node tables)");
            return null;
        }
        var junction = JunctionEdge(table, first, second, nodes, spec.Reverse,
            spec.Properties is { } props ? Columns(table, props, $"{at}.properties", problems) : null, out why);
        if (junction is null) problems.Add($"{at}.table: {why}");
        return junction;
    }

    /// <summary>From the row that holds the foreign key to the row it references (or back, reversed).</summary>
    static EdgeType? ForeignKeyEdge(NodeType holder, ForeignKeyInfo fk, NodeType referenced, bool reverse, out string? why)
    {
        var columns = KeyColumns(holder.Table, fk, referenced, out why);
        if (columns is null) return null;
        var type = fk.Columns.Count == 1 ? GraphNames.Stem(fk.Columns[0]) ?? GraphNames.Type(referenced.Table.Name.Name)
            : GraphNames.Type(referenced.Table.Name.Name);
        return reverse
            ? new EdgeType(type, ForeignKey(fk), holder.Table, referenced, columns, holder, holder.Key, [])
            : new EdgeType(type, ForeignKey(fk), holder.Table, holder, holder.Key, referenced, columns, []);
    }

    static EdgeType? JunctionEdge(TableInfo table, ForeignKeyInfo first, ForeignKeyInfo second,
        Dictionary<TableName, NodeType> nodes, bool reverse,
        IReadOnlyList<ColumnInfo>? properties, out string? why)
    {
        var (start, end) = (nodes[first.References], nodes[second.References]);
        var startColumns = KeyColumns(table, first, start, out why);
        var endColumns = startColumns is null ? null : KeyColumns(table, second, end, out why);
        if (startColumns is null || endColumns is null) return null;
        var linked = first.Columns.Concat(second.Columns).ToHashSet(StringComparer.Ordinal);
        properties ??= table.Columns.Where(c => !linked.Contains(c.Name) && Neo4jTypes.IsScalar(c)).ToList();
        return reverse
            ? new EdgeType(GraphNames.Type(table.Name.Name), "junction", table, end, endColumns, start, startColumns, properties)
            : new EdgeType(GraphNames.Type(table.Name.Name), "junction", table, start, startColumns, end, endColumns, properties);
    }

    /// <summary>The foreign key's columns in the order of the referenced node's key; null when it references another key.</summary>
    static List<ColumnInfo>? KeyColumns(TableInfo table, ForeignKeyInfo fk, NodeType referenced, out string? why)
    {
        var keyNames = referenced.Key.Select(k => k.Name).ToList();
        var targets = fk.ReferencedColumns.ToList();
        why = null;
        if (targets.Count != keyNames.Count || !targets.ToHashSet(StringComparer.Ordinal).SetEquals(keyNames))
        {
            why = $"it references ({string.Join(", ", targets)}), not the key of {referenced.Label} ({string.Join(", ", keyNames)})";
            return null;
        }
        return keyNames.Select(k => table.Columns.First(c => c.Name == fk.Columns[targets.IndexOf(k)])).ToList();
    }

    /// <summary>
    /// Default types made unique: a type two edges would share takes its start label in front; what stays shared is an error.
    /// </summary>
    static List<EdgeType> Name(List<(EdgeType Edge, string? Type)> edges, List<string> problems)
    {
        var shared = edges.Where(e => e.Type is null).GroupBy(e => e.Edge.Type).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var named = edges.Select(e => e.Edge with
        {
            Type = e.Type ?? (shared.Contains(e.Edge.Type) ? $"{GraphNames.Type(e.Edge.Start.Label)}_{e.Edge.Type}" : e.Edge.Type),
        }).ToList();
        foreach (var group in named.GroupBy(e => e.Type).Where(g => g.Count() > 1))
            problems.Add($"graph.edges: {group.Count()} edge types are named {group.Key} " +
                $"({string.Join(", ", group.Select(e => $"{e.Table.Name} {e.Source}"))}); " +
                "set a type for each in graph.edges (table, foreignKey, type)");
        return named;
    }

    static List<ColumnInfo>? Columns(TableInfo table, IReadOnlyList<string> names, string at, List<string> problems)
    {
        var columns = new List<ColumnInfo>();
        foreach (var name in names)
            if (table.Columns.FirstOrDefault(c => c.Name == name || table.SourceOf(c).Name == name) is { } column) columns.Add(column);
            else problems.Add($"{at}: {table.SourceTableName} has no column {name}");
        return columns.Count == names.Count ? columns : null;
    }

    static string ForeignKey(ForeignKeyInfo fk) => $"foreign key {fk.Name}";
}
