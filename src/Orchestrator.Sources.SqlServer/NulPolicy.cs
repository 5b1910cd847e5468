namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// What to do with a NUL character (U+0000) in a string: PostgreSQL text cannot hold one. Carried by the spec as
/// source.nulCharacters ("fail" | "strip"), default fail; "reject" awaits the rejects store.
/// </summary>
public enum NulPolicy
{
    /// <summary>Stop the chunk with an error that names the table, column and row position.</summary>
    Fail,
    /// <summary>Remove the NUL characters (the value changes; the aggregate byte count shows it).</summary>
    Strip,
    /// <summary>Pass the value on; the chunk's reshaper sends the row to the rejects with its reason (NulGuardShaper).</summary>
    Reject,
}
