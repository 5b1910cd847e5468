using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Comparison;

/// <summary>A row that differs: its key, how, and for values that differ, the columns (target names).</summary>
public sealed record RowDifference(JsonObject Key, DifferenceKind Kind)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Columns { get; init; }
}
