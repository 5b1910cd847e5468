using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Target;

/// <summary>What the ledger holds for a table: the sum of its chunks' digests, and the rows rules refused.</summary>
public sealed record LedgerTotal(RowSetDigest Loaded, long Rejects);

/// <summary>One read of a whole target table: its digest, and the aggregates it measured on the way (when asked).</summary>
public sealed record TableReadBack(RowSetDigest Digest, StreamMeasures? Measures);

/// <summary>
/// What reading a target table depends on: whether it is partitioned (reads then must not say ONLY), its size in
/// pages and whether the server has TID range scans (to split the read), and the built-in base type of each column
/// with the server's encoding (which columns the read can measure).
/// </summary>
public sealed record TargetTableFacts(bool Partitioned, long Pages, bool TidRangeScans,
    IReadOnlyDictionary<string, string> BaseTypes, bool Utf8);
