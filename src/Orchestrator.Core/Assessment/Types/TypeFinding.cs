namespace Orchestrator.Core.Assessment.Types;

/// <summary>
/// A column whose values cannot all be carried exactly (lossy), cannot be carried at all (unsupported), or could
/// be carried in a narrower type (narrowable): why, and what the migration does or could do instead.
/// </summary>
public sealed record TypeFinding(string Table, string Column, string SourceType, string TargetType, string Severity,
    string Reason, string Fallback);

public static class TypeSeverity
{
    public const string Lossy = "lossy";
    public const string Unsupported = "unsupported";
    public const string Narrowable = "narrowable";
}
