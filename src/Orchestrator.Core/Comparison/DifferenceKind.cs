using System.Text.Json.Serialization;

namespace Orchestrator.Core.Comparison;

/// <summary>How a row differs between the source and the target.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DifferenceKind>))]
public enum DifferenceKind
{
    /// <summary>In the source, not in the target.</summary>
    [JsonStringEnumMemberName("missing")] Missing,
    /// <summary>In the target, not in the source.</summary>
    [JsonStringEnumMemberName("extra")] Extra,
    /// <summary>In both, with other values.</summary>
    [JsonStringEnumMemberName("different")] Different,
}
