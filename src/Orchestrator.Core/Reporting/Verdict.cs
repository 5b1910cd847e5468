using System.Text.Json.Serialization;

namespace Orchestrator.Core.Reporting;

/// <summary>What a check of a table found: it passed, it failed, or it did not run (turned off, nothing to check).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    [JsonStringEnumMemberName("pass")] Pass,
    [JsonStringEnumMemberName("fail")] Fail,
    [JsonStringEnumMemberName("skipped")] Skipped,
}
