using System.Text.Json.Serialization;

namespace Orchestrator.Core.Comparison;

/// <summary>How a table is compared: by key ranges, or (no usable key) by count and whole-table digest.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CompareMode>))]
public enum CompareMode
{
    [JsonStringEnumMemberName("ranges")] Ranges,
    [JsonStringEnumMemberName("whole-table")] WholeTable,
}
