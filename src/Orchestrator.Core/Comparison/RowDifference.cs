using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Comparison;

/// <summary>A row that differs: its key, how, and for values that differ, the columns (target names).</summary>
public sealed record RowDifference(JsonObject Key, string Kind)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>In the source, not in the target.</summary>
    public const string Missing = "missing";
    /// <summary>In the target, not in the source.</summary>
    public const string Extra = "extra";
    /// <summary>In both, with other values.</summary>
    public const string Different = "different";
}
