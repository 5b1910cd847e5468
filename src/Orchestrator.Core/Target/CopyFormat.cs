using System.Text.Json.Serialization;

namespace Orchestrator.Core.Target;

/// <summary>
/// The PostgreSQL COPY format a table's chunks are encoded in, chosen at plan time: binary where every column's binary
/// form carries over, text otherwise. Staged chunks, read-backs and comparisons use the table's format throughout.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CopyFormat>))]
public enum CopyFormat
{
    [JsonStringEnumMemberName("binary")] Binary,
    [JsonStringEnumMemberName("text")] Text,
}
