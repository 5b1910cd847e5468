using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sync;

public enum ChangeKind { Insert, Update, Delete, Truncate }

/// <summary>
/// One row changed at the source, values in PostgreSQL's text form of the source type, indexed like
/// <see cref="SyncTable.Columns"/>. Never crosses an activity boundary: changes go from source to target in one activity.
/// </summary>
public sealed class RowChange
{
    /// <summary>The table as the source names it.</summary>
    public required TableName Table { get; init; }
    public required ChangeKind Kind { get; init; }
    /// <summary>The new row (insert, update); null for a delete or truncate. A null element is SQL NULL.</summary>
    public string?[]? Values { get; init; }
    /// <summary>Columns an update did not send (PostgreSQL's unchanged TOASTed values): the target keeps its own.</summary>
    public bool[]? Unchanged { get; init; }
    /// <summary>The key before the change, indexed like <see cref="SyncTable.Key"/>: deletes, and updates that changed the key.</summary>
    public string?[]? OldKey { get; init; }

    public bool IsPartial => Unchanged is not null && Unchanged.Any(u => u);
}
