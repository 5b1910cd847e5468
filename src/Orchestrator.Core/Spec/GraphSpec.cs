namespace Orchestrator.Core.Spec;

/// <summary>
/// The spec's graph section: migrated tables read as a property graph, written to the staging store for Neo4j's bulk
/// import and queryable in the target through views. <c>{ "nodes": [ { "table": "public.patient" } ] }</c> is enough:
/// every foreign key between node tables, and every junction table between them, becomes an edge type.
/// </summary>
public sealed record GraphSpec
{
    /// <summary>The target schema that gets the views nodes and edges (created if missing).</summary>
    public string Schema { get; init; } = "graph";
    public IReadOnlyList<GraphNodeSpec> Nodes { get; init; } = [];
    /// <summary>Edges named, turned, given properties, or (with inferEdges false) the only edges.</summary>
    public IReadOnlyList<GraphEdgeSpec> Edges { get; init; } = [];
    /// <summary>
    /// Every foreign key between node tables and every junction table between them is an edge type (true), or only those in edges.
    /// </summary>
    public bool InferEdges { get; init; } = true;
}

/// <summary>A table whose rows are nodes: its key is the node id.</summary>
public sealed record GraphNodeSpec
{
    /// <summary>schema.table as the source spells it (the target name is accepted too).</summary>
    public required string Table { get; init; }
    /// <summary>The node label; default: the table name in PascalCase (patient_visit: PatientVisit).</summary>
    public string? Label { get; init; }
    /// <summary>Columns that identify a row; default: the primary key.</summary>
    public IReadOnlyList<string>? Key { get; init; }
    /// <summary>Columns that become node properties; default: every column of a scalar type that no edge stands for.</summary>
    public IReadOnlyList<string>? Properties { get; init; }
}

/// <summary>
/// An edge type: a foreign key of a node table (from the referencing row to the referenced one), or a junction table
/// (a table of two foreign keys to node tables, plus columns): one edge per row whose foreign keys are all set.
/// </summary>
public sealed record GraphEdgeSpec
{
    /// <summary>The table that holds the foreign key, or the junction table.</summary>
    public required string Table { get; init; }
    /// <summary>The foreign key's constraint name, when the table has more than one to node tables; not for a junction table.</summary>
    public string? ForeignKey { get; init; }
    /// <summary>
    /// The relationship type; default: the foreign key's column without _id (PATIENT), or the junction table's name (ENCOUNTER_DIAGNOSIS).
    /// </summary>
    public string? Type { get; init; }
    /// <summary>
    /// Turns the edge round: from the referenced row to the referencing one (or from the junction's second key to its first).
    /// </summary>
    public bool Reverse { get; init; }
    /// <summary>Junction columns that become edge properties; default: every column of a scalar type that is not a key.</summary>
    public IReadOnlyList<string>? Properties { get; init; }
}
