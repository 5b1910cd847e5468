using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Graph;

/// <summary>
/// The SQL that reads a graph from the migrated tables: node and edge rows as Neo4j's import takes them, the counts
/// validation compares, and the PostgreSQL views nodes and edges. Values that print with line breaks get them as \n and
/// \r, so that every record is one line.
/// </summary>
public static class GraphSql
{
    /// <summary>A node id as text: a one-column key's value, a composite key's values as a JSON array, cast to the key's types.</summary>
    public static string Id(IReadOnlyList<ColumnInfo> columns, NodeType node, string? alias = null) => columns.Count == 1
        ? OneLine($"{Column(columns[0], alias)}::{node.Key[0].DataType}")
        : $"jsonb_build_array({string.Join(", ", columns.Select((c, i) => $"{Column(c, alias)}::{node.Key[i].DataType}"))})::text";

    /// <summary>
    /// A property value as Neo4j reads its type: numbers as printed, booleans as true/false, ISO temporals, vectors as a;b;c.
    /// </summary>
    public static string Value(ColumnInfo column) => Neo4jTypes.Of(column) switch
    {
        "long" or "double" => PgSql.Ident(column.Name),
        "boolean" => $"{PgSql.Ident(column.Name)}::text",
        "date" or "datetime" or "localdatetime" or "time" or "localtime" => $"to_json({PgSql.Ident(column.Name)}) #>> '{{}}'",
        "float[]" => $"translate({PgSql.Ident(column.Name)}::text, ',[]', ';')",
        _ => OneLine(PgSql.Ident(column.Name)),
    };

    public static string NodeRows(NodeType node) =>
        $"SELECT {string.Join(", ", [Id(node.Key, node), .. node.Properties.Select(Value), PgSql.Literal(node.Label)])} " +
        $"FROM {PgSql.Table(node.Table.Name)}";

    public static string EdgeRows(EdgeType edge) =>
        $"SELECT {string.Join(", ", [Id(edge.StartColumns, edge.Start), Id(edge.EndColumns, edge.End), PgSql.Literal(edge.Type),
            .. edge.Properties.Select(Value)])} " +
        $"FROM {PgSql.Table(edge.Table.Name)} WHERE {AllSet(edge, null)}";

    public static string NodeCount(NodeType node) => $"SELECT count(*) FROM {PgSql.Table(node.Table.Name)}";

    /// <summary>The rows that should be edges (their foreign keys all set), and how many of them name a node that does not exist.</summary>
    public static string EdgeCount(EdgeType edge) =>
        $"SELECT count(*), count(*) FILTER (WHERE NOT EXISTS ({Lookup(edge.Start, edge.StartColumns)}) OR NOT EXISTS " +
        $"({Lookup(edge.End, edge.EndColumns)})) " +
        $"FROM {PgSql.Table(edge.Table.Name)} AS r WHERE {AllSet(edge, "r")}";

    /// <summary>The view of every node: label, id (as in the import files), properties as jsonb.</summary>
    public static string NodesView(GraphModel model) =>
        $"CREATE OR REPLACE VIEW {PgSql.Ident(model.Schema)}.nodes AS\n" + string.Join("\nUNION ALL\n", model.Nodes.Select(n =>
            $"SELECT {PgSql.Literal(n.Label)}::text AS label, {Id(n.Key, n)} AS id, {Properties(n.Properties)} AS properties " +
                $"FROM {PgSql.Table(n.Table.Name)}"));

    /// <summary>The view of every edge: type, start label and id, end label and id, properties as jsonb.</summary>
    public static string EdgesView(GraphModel model)
    {
        var selects = model.Edges.Select(e =>
            $"SELECT {PgSql.Literal(e.Type)}::text AS type, {PgSql.Literal(e.Start.Label)}::text AS start_label, " +
            $"{Id(e.StartColumns, e.Start)} AS start_id, " +
            $"{PgSql.Literal(e.End.Label)}::text AS end_label, {Id(e.EndColumns, e.End)} AS end_id, " +
            $"{Properties(e.Properties)} AS properties " +
            $"FROM {PgSql.Table(e.Table.Name)} WHERE {AllSet(e, null)}").ToList();
        if (selects.Count == 0)
            selects.Add("SELECT NULL::text AS type, NULL::text AS start_label, NULL::text AS start_id, NULL::text AS end_label, " +
                "NULL::text AS end_id, NULL::jsonb AS properties WHERE false");
        return $"CREATE OR REPLACE VIEW {PgSql.Ident(model.Schema)}.edges AS\n" + string.Join("\nUNION ALL\n", selects);
    }

    /// <summary>jsonb_build_object takes 100 arguments: properties go 50 to a call, joined with ||.</summary>
    static string Properties(IReadOnlyList<ColumnInfo> columns) => columns.Count == 0 ? "'{}'::jsonb"
        : string.Join(" || ", columns.Chunk(50).Select(part =>
            $"jsonb_build_object({string.Join(", ", part.Select(c => $"{PgSql.Literal(c.Name)}, {PgSql.Ident(c.Name)}"))})"));

    static string Lookup(NodeType node, IReadOnlyList<ColumnInfo> columns) =>
        $"SELECT 1 FROM {PgSql.Table(node.Table.Name)} AS n WHERE " +
        string.Join(" AND ", node.Key.Select((k, i) => $"n.{PgSql.Ident(k.Name)} = r.{PgSql.Ident(columns[i].Name)}::{k.DataType}"));

    static string AllSet(EdgeType edge, string? alias) =>
        string.Join(" AND ",
            edge.StartColumns.Concat(edge.EndColumns).DistinctBy(c => c.Name).Select(c => $"{Column(c, alias)} IS NOT NULL"));

    static string Column(ColumnInfo column, string? alias)
        => alias is null ? PgSql.Ident(column.Name) : $"{alias}.{PgSql.Ident(column.Name)}";

    static string OneLine(string expression) => $"replace(replace(({expression})::text, chr(13), '\\r'), chr(10), '\\n')";
}
