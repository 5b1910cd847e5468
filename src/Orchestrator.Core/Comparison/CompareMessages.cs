using System.Text.Json.Serialization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Comparison;

// Messages of the compare workflow: small descriptors only. Differing keys travel through the staging store's
// documents (LeafDocuments), never through orchestration history, except the few the report lists.

/// <summary>
/// Compare a migrated source and target as they are now; with <see cref="Repair"/>, repair what is confirmed and compare
/// again; with <see cref="ChangedOnly"/> (cutover), only the keys the sync changed where the load's digests vouch for the rest.
/// </summary>
/// <param name="Prechecks">With ChangedOnly: tables a pre-check already compared, so only what changed after it is left.</param>
public sealed record CompareInput(string MigrationId, MigrationSpec Spec, string CompareId, string? Tables = null, bool Repair = false,
    bool ChangedOnly = false, IReadOnlyList<Precheck>? Prechecks = null) : IMigrationMessage;

/// <summary>
/// A table that a comparison of the sync's changed keys found equal, with writes still running, after the sync had
/// recorded changes through <paramref name="ChangedThrough"/>: only keys recorded after that, and the numbered key spans
/// in <paramref name="Unsettled"/> (ranges that still differed), are left to compare.
/// </summary>
public sealed record Precheck(string TableId, long ChangedThrough, IReadOnlyList<KeySpan> Unsettled);

/// <summary>Changed keys (From, To] by their number in _migrator.cutover_keys.</summary>
public sealed record KeySpan(long From, long To);

public sealed record ComparePlan(IReadOnlyList<CompareTable> Tables);

/// <summary>
/// One table to compare. Columns, key and ranges speak the target's names (the source's are found through the
/// catalog, as for chunks); <see cref="KeyTypes"/> are the key columns' target types, to show keys to people.
/// </summary>
public sealed record CompareTable
{
    public required string TableId { get; init; }
    public required TableName Source { get; init; }
    public required TableName Target { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>How <see cref="Columns"/> are read from the source: the migration plan's.</summary>
    public required SourceRead Read { get; init; }
    public CopyFormat Format { get; init; } = CopyFormat.Binary;
    public required CompareMode Mode { get; init; }
    /// <summary>Why a table is compared whole (no key, a reshaped key, ranges the target cannot address).</summary>
    public string? Note { get; init; }
    public IReadOnlyList<string> Key { get; init; } = [];
    public IReadOnlyList<string> KeyTypes { get; init; } = [];
    /// <summary>The target table is partitioned (a time-series rule): its reads must not say ONLY.</summary>
    public bool Partitioned { get; init; }
    /// <summary>Key ranges (both sides) or, for a whole-table comparison, the source's own ranges (pages, partitions).</summary>
    public IReadOnlyList<ChunkRange> Ranges { get; init; } = [];
    /// <summary>
    /// Its range digests come from one sequential read of each side, sorted by key (<see cref="RangeBuckets"/>), instead of
    /// a read per range: a key range costs the server several times a sequential scan's CPU per row.
    /// </summary>
    public bool OnePass { get; init; }
    /// <summary>Compared by the sync's changed keys: the last recorded change it accounts for (what a pre-check passes on).</summary>
    public long? ChangedThrough { get; init; }
}

/// <summary>One range of a table to compare (its index in the table's ranges), or its recheck after the settle delay.</summary>
public sealed record RangeTask(string MigrationId, MigrationSpec Spec, string CompareId, CompareTable Table, int Index, ChunkRange Range)
    : IMigrationMessage;

/// <summary>A table whose ranges are digested in one read of each side (<see cref="CompareTable.OnePass"/>).</summary>
public sealed record TablePassTask(string MigrationId, MigrationSpec Spec, string CompareId, CompareTable Table) : IMigrationMessage;

/// <summary>A whole table to compare by count and digest (for a recheck too).</summary>
public sealed record TableDigestTask(string MigrationId, MigrationSpec Spec, CompareTable Table, bool Recheck = false) : IMigrationMessage;

/// <summary>What one range held on each side and, where they differ, what the first look found row by row.</summary>
public sealed record RangeOutcome(string TableId, int Index, long SourceRows, long TargetRows, string SourceDigest, string TargetDigest)
{
    /// <summary>Source rows a spec rule refuses (in _migrator.rejects, never in the table): not differences.</summary>
    public long Rejected { get; init; }
    /// <summary>Range reads on each side, the narrowing's included.</summary>
    public int RangesRead { get; init; } = 1;
    public DifferenceCounts Found { get; init; } = new();
    /// <summary>The document with the small ranges that differ and their differing keys; null when nothing differs.</summary>
    public string? Document { get; init; }

    [JsonIgnore] public bool Differs => SourceRows != TargetRows || SourceDigest != TargetDigest;
}

/// <summary>Differences by kind. Unlisted: rows of ranges that differ but could not be narrowed to keys (counted by rows).</summary>
public sealed record DifferenceCounts(long Missing = 0, long Extra = 0, long Different = 0, long Unlisted = 0)
{
    [JsonIgnore] public long Total => Missing + Extra + Different + Unlisted;

    public static DifferenceCounts operator +(DifferenceCounts a, DifferenceCounts b) =>
        new(a.Missing + b.Missing, a.Extra + b.Extra, a.Different + b.Different, a.Unlisted + b.Unlisted);
}

/// <summary>A range's differences after the settle delay: those still there (confirmed, the first few listed) and those gone.</summary>
public sealed record RecheckOutcome(string TableId, int Index, DifferenceCounts Confirmed, long Settled,
    IReadOnlyList<RowDifference> Listed)
{
    public string? Document { get; init; }

    /// <summary>
    /// A whole-table comparison read again: still different is confirmed (by its count difference, at least one row), else settled.
    /// </summary>
    public static RecheckOutcome OfWholeTable(RangeOutcome again) => again.Differs
        ? new(again.TableId, again.Index, new DifferenceCounts(Unlisted: Math.Max(1, Math.Abs(again.SourceRows - again.TargetRows))), 0, [])
        : new(again.TableId, again.Index, new DifferenceCounts(), 1, []);
}

/// <summary>The confirmed differences of one table to repair, from its recheck documents.</summary>
public sealed record RepairTask(string MigrationId, MigrationSpec Spec, string CompareId, CompareTable Table,
    IReadOnlyList<string> Documents) : IMigrationMessage;

public sealed record RepairOutcome(string Table, long Inserted, long Updated, long Deleted)
{
    /// <summary>Rows of ranges that differ but could not be narrowed to keys: not repaired.</summary>
    public long Unlisted { get; init; }
    /// <summary>Set when the repair stopped on a foreign key (another table's repair must come first); nothing of it was applied.</summary>
    public string? Blocked { get; init; }
}

public sealed record CompareReportInput(CompareInput Compare, ComparePass Pass, ComparePass? BeforeRepair,
    IReadOnlyList<RepairOutcome> Repairs, DateTime StartedUtc, DateTime FinishedUtc) : IMigrationMessage
{
    [JsonIgnore] public string MigrationId => Compare.MigrationId;
    [JsonIgnore] public MigrationSpec Spec => Compare.Spec;
}

/// <summary>One pass over every table: what each range found and what its recheck confirmed.</summary>
public sealed record ComparePass(string CompareId, ComparePlan Plan, IReadOnlyList<RangeOutcome> Outcomes,
    IReadOnlyList<RecheckOutcome> Rechecks);

public sealed record CompareResult(string MigrationId, string CompareId, bool Passed, int Tables, long Confirmed, long Settled,
    string ReportLocation);

/// <summary>What a running comparison shows as its custom status.</summary>
public sealed record CompareStatus(string Phase, int RangesDone, int RangesTotal);
