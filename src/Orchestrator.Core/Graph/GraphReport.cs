namespace Orchestrator.Core.Graph;

/// <summary>
/// What writing the graph produced and what validation found: nodes per label against the table's rows, edges per
/// type against the rows whose foreign keys are set, and edges naming a node that does not exist.
/// </summary>
/// <param name="Location">Where the import files are (the staging store's graph directory of the migration).</param>
/// <param name="Schema">The target schema whose views nodes and edges hold the same graph.</param>
public sealed record GraphReport(string Location, string Schema, IReadOnlyList<LabelCount> Labels,
    IReadOnlyList<EdgeCount> Types, string ImportCommand)
{
    /// <summary>Foreign keys and junctions between node tables that are not edges, and why.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
    public bool Passed => Labels.All(l => l.Matches) && Types.All(t => t.Matches);
}

public sealed record LabelCount(string Label, string Table, long Nodes, long Rows, string File)
{
    public bool Matches => Nodes == Rows;
}

/// <param name="Source">foreign key NAME, or junction.</param>
/// <param name="Expected">Rows of the table whose start and end columns are all set.</param>
/// <param name="Dangling">Of those, rows whose start or end node does not exist.</param>
public sealed record EdgeCount(string Type, string Source, string Table, string Start, string End, long Edges, long Expected,
    long Dangling, string File)
{
    public bool Matches => Edges == Expected && Dangling == 0;
}
