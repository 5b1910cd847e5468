namespace Orchestrator.Core.Assessment.Estimate;

/// <summary>
/// The pipeline's measured speed the estimate divides by. The default is the slowest full configuration measured in
/// docs/performance.md (Azurite staging with full validation: 2,000,000 rows, ~480 MB, in 22.60 s median), so real
/// runs on more cores should come in under the estimate.
/// </summary>
public sealed record MeasuredThroughput(double RowsPerSecond, double MegabytesPerSecond, string Source)
{
    public static MeasuredThroughput Conservative { get; } = new(88_513, 21.2,
        "docs/performance.md, 2026-11-24: migrator with Azurite (blob) staging and full validation, 2,000,000 rows (~480 MB) " +
        "in 22.60 s median = 88,513 rows/s and 21.2 MB/s; measured with eng/bench on a shared 2-core development machine");
}
