namespace Orchestrator.Core.Catalog;

/// <summary>A primary or unique key: the columns it holds unique, by name.</summary>
public sealed record KeyInfo(string Name, IReadOnlyList<string> Columns)
{
    /// <summary>Columns the key's index carries without keying on them (INCLUDE).</summary>
    public IReadOnlyList<string> Included { get; init; } = [];
    /// <summary>A unique key under which two nulls collide (PostgreSQL 15's NULLS NOT DISTINCT).</summary>
    public bool NullsNotDistinct { get; init; }
    public Deferral Deferral { get; init; }
}

/// <summary>When a constraint is checked: at once (the default), or deferrable to the end of the transaction.</summary>
public enum Deferral { Immediate, Deferrable, InitiallyDeferred }
