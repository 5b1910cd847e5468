namespace Orchestrator.Core.Catalog;

/// <summary>
/// Where the source was when the load started (WAL LSN, SCN, change-tracking version): the point incremental sync continues from.
/// </summary>
public sealed record SourcePosition(string Kind, string Value, DateTime CapturedAtUtc)
{
    public override string ToString() => $"{Kind} {Value}";
}
