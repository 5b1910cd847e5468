namespace Orchestrator.Core.Planning;

/// <summary>
/// How a table is read from the source, worked out once at plan time from the catalog's column map: the source's name
/// of each planned column (in the plan's order), the columns the source SELECT converts to an overridden type (by
/// source name), and the source's name of each renamed column (by target name), for the chunks' key ranges.
/// </summary>
public sealed record SourceRead(IReadOnlyList<string> Columns, IReadOnlyDictionary<string, string> Conversions)
{
    public IReadOnlyDictionary<string, string> Renamed { get; init; } = new Dictionary<string, string>();

    /// <summary>A range over target key columns (as planned and read back) as the source reads it.</summary>
    public ChunkRange Range(ChunkRange range) => Renamed.Count == 0 ? range
        : range with { KeyColumns = range.KeyColumns.Select(k => Renamed.GetValueOrDefault(k, k)).ToList() };
}
