using System.Globalization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Planning;

/// <summary>
/// The frozen plan of a migration: written once to the staging store and reused on every resume, so chunk ids and
/// ranges never change between runs (a changed plan could load a row twice).
/// </summary>
public sealed record MigrationPlan
{
    public const int CurrentVersion = 1;
    public int Version { get; init; } = CurrentVersion;
    public required string MigrationId { get; init; }
    public required SourcePosition SourcePosition { get; init; }
    public required IReadOnlyList<TablePlan> Tables { get; init; }
    public DateTime PlannedAtUtc { get; init; }
    /// <summary>Optional source probes refused while discovering and planning, and the fallback each took.</summary>
    public IReadOnlyList<UnavailableProbe> UnavailableProbes { get; init; } = [];
}

/// <summary>One table that holds rows (a plain table or a leaf partition) and its chunks.</summary>
public sealed record TablePlan
{
    public required string TableId { get; init; }
    public required TableName Source { get; init; }
    public required TableName Target { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>How the chunks read <see cref="Columns"/> from the source.</summary>
    public required SourceRead Read { get; init; }
    /// <summary>integer-key, sampled-key, ctid or single: how the chunk ranges were chosen.</summary>
    public required string Strategy { get; init; }
    public required IReadOnlyList<ChunkPlan> Chunks { get; init; }
    /// <summary>The COPY format chunks use: binary, or text when a column's binary form carries database-specific type OIDs.</summary>
    public CopyFormat Format { get; init; } = CopyFormat.Binary;
    public long EstimatedRows { get; init; }
    public long EstimatedBytes { get; init; }

    /// <summary>
    /// A spec rule reshaped a key column the chunks are ranged over (a hashed key): target values differ from the ranges.
    /// </summary>
    public bool KeyReshaped { get; init; }

    /// <summary>
    /// The key does not follow the table's physical order, so a key-range read would visit pages all over the table for
    /// each chunk: the chunks are read together instead, up to <see cref="Workflow.TableWorkflow.OnePassChunks"/> at a
    /// time, by one sequential read that sends each row to its chunk (ExtractChunks). A chunk read again alone (a corrupt
    /// load) is read by its key range. Absent from plans made before: those read chunk by chunk.
    /// </summary>
    public bool ReadInOnePass { get; init; }

    /// <summary>Key ranges select the same rows on the target, so each chunk can be read back and compared.</summary>
    public bool ChunksReadableFromTarget => !KeyReshaped && Chunks.All(c => c.Range.Kind is RangeKind.All or RangeKind.Key);
}

public sealed record ChunkPlan(string ChunkId, int Index, ChunkRange Range, long EstimatedRows);

/// <summary>
/// All rows; a key range (the same rows on source and target); or a range only the source can address: heap pages
/// (PostgreSQL ctid, SQL Server %%physloc%%), an Oracle partition, an Oracle ROWID range. A comparison also reads
/// listed keys (Keys), and the sync's changed keys by their order (Changed, listed from the target before any read).
/// </summary>
public enum RangeKind { All, Key, Ctid, Partition, RowId, Keys, Changed }

/// <summary>
/// A half-open range [Lower, Upper) over the key columns (row comparison), or over heap pages for keyless tables.
/// A missing bound is open, so the first and last chunks also catch rows outside the planned range.
/// </summary>
public sealed record ChunkRange
{
    public RangeKind Kind { get; init; }
    public IReadOnlyList<string> KeyColumns { get; init; } = [];
    public IReadOnlyList<string> KeyTypes { get; init; } = [];
    public IReadOnlyList<string>? Lower { get; init; }
    public IReadOnlyList<string>? Upper { get; init; }
    public long? FromPage { get; init; }
    public long? ToPage { get; init; }
    /// <summary>The source partition a Partition range reads.</summary>
    public string? Partition { get; init; }
    /// <summary>The source snapshot every chunk reads (Oracle: the SCN recorded at plan time), so parallel chunks agree.</summary>
    public string? AsOf { get; init; }
    /// <summary>The keys a Keys range reads, each as its columns' text.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Keys { get; init; }

    public static ChunkRange All { get; } = new() { Kind = RangeKind.All };

    public override string ToString() => Kind switch
    {
        RangeKind.All => "all rows",
        RangeKind.Ctid
            => $"pages [{FromPage?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, " +
            $"{ToPage?.ToString(CultureInfo.InvariantCulture) ?? "+inf"})",
        RangeKind.Partition => $"partition {Partition}",
        RangeKind.RowId => $"ROWID in [{Show(Lower)}, {Show(Upper)})",
        RangeKind.Keys => $"{Keys?.Count ?? 0} listed key(s)",
        RangeKind.Changed => $"changed keys [{FromPage}, {ToPage}) in key order",
        _ => $"({string.Join(", ", KeyColumns)}) in [{Show(Lower)}, {Show(Upper)})",
    } + (AsOf is null ? "" : $" as of {AsOf}");

    static string Show(IReadOnlyList<string>? bound) => bound is null ? "open" : string.Join(", ", bound);
}
