namespace Orchestrator.Core.Sync;

/// <summary>The states of _migrator.cutover, in order.</summary>
public static class CutoverStates
{
    public const string Requested = "requested";
    public const string CaughtUp = "caught-up";
    public const string Differences = "differences";
    public const string Ready = "ready";
}
