using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Graph;

/// <summary>The spec's graph section resolved against the catalog: what every label and edge type reads, in target names.</summary>
public sealed record GraphModel(string Schema, IReadOnlyList<NodeType> Nodes, IReadOnlyList<EdgeType> Edges)
{
    /// <summary>Foreign keys and junctions between node tables that do not become edges, and why (they reference another key).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}

/// <summary>A label: every row of a table is a node, identified by its key.</summary>
public sealed record NodeType(string Label, TableInfo Table, IReadOnlyList<ColumnInfo> Key, IReadOnlyList<ColumnInfo> Properties);

/// <summary>
/// An edge type: every row of <see cref="Table"/> whose start and end columns are all set is an edge from the start
/// node whose key they hold to the end node whose key they hold.
/// </summary>
/// <param name="Source">foreign key NAME, or junction.</param>
public sealed record EdgeType(string Type, string Source, TableInfo Table, NodeType Start, IReadOnlyList<ColumnInfo> StartColumns,
    NodeType End, IReadOnlyList<ColumnInfo> EndColumns, IReadOnlyList<ColumnInfo> Properties);
