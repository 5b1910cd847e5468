using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Graph;

/// <summary>
/// Neo4j's bulk-import format (neo4j-admin database import full): one nodes file per label, one relationships file per
/// type, each with its own header line; the default delimiter (,), quote (") and array delimiter (;).
/// </summary>
public static class Neo4jImport
{
    public const string Directory = "graph";

    public static string NodesFile(NodeType node) => $"nodes-{node.Label}.csv";

    public static string RelationshipsFile(EdgeType edge) => $"relationships-{edge.Type}.csv";

    public static string NodesHeader(NodeType node) => Line([$":ID({node.Label})", .. node.Properties.Select(Property), ":LABEL"]);

    public static string RelationshipsHeader(EdgeType edge) =>
        Line([$":START_ID({edge.Start.Label})", $":END_ID({edge.End.Label})", ":TYPE", .. edge.Properties.Select(Property)]);

    /// <summary>The command that imports the files, run from the directory that holds them, into a new database.</summary>
    public static string Command(GraphModel model, string database = "neo4j") =>
        string.Join(' ', ["neo4j-admin database import full", .. model.Nodes.Select(n => $"--nodes={NodesFile(n)}"),
            .. model.Edges.Select(e => $"--relationships={RelationshipsFile(e)}"), database]);

    /// <summary>A shell script around the command: it runs from its own directory, the database name is its argument.</summary>
    public static string Script(GraphModel model, string migrationId) => $"""
        #!/bin/sh
        # Imports the graph that migration {migrationId} wrote into a new Neo4j database (neo4j-admin database import full).
        # Run it where neo4j-admin is, beside the files of this directory; the database (default neo4j) must not exist yet.
        set -e
        cd "$(dirname "$0")"
        {Command(model, "\"${1:-neo4j}\"")}

        """;

    /// <summary>name:type; a colon in the column's name would start the type, so it becomes an underscore.</summary>
    static string Property(ColumnInfo column) => $"{column.Name.Replace(':', '_')}:{Neo4jTypes.Of(column)}";

    static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote)) + "\n";

    static string Quote(string field)
        => field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
