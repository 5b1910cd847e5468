namespace Orchestrator.Core.Catalog;

/// <summary>
/// A check constraint (of a table or a domain). Expression is PostgreSQL text over the source's column names: the
/// source hands conditions over as text, and the dialect translated it.
/// </summary>
public sealed record CheckInfo(string Name, string Expression)
{
    /// <summary>Not checked against existing rows in the source: created NOT VALID, as it was.</summary>
    public bool NotValid { get; init; }
    public bool NoInherit { get; init; }
}

/// <summary>A PostgreSQL source's exclusion constraint: its own definition (EXCLUDE USING ...), with the source's names.</summary>
public sealed record ExclusionInfo(string Name, string Definition);
