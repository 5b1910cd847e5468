using System.Globalization;
using Orchestrator.Core.Shapes;

namespace Orchestrator.Core.Reporting;

/// <summary>
/// A vector column's norms as extracted and as stored. Counts must be equal; min, max and mean agree to 1e-12
/// relative, not bit for bit: pgvector is built with reassociating, vectorised float arithmetic, so its sum of
/// squares may add in another order than ours (measured: one ulp on the demo's 50,000 vectors). The floats themselves
/// are compared bit for bit by the chunk digests.
/// </summary>
public sealed record VectorNormReport(string Column, NormSummary? Extracted, NormSummary? Target)
{
    const double Tolerance = 1e-12;

    public bool Matches => Extracted is null && Target is null
        || Extracted is { } e && Target is { } t && e.Count == t.Count && Close(e.Min, t.Min) && Close(e.Max, t.Max)
           && Close(e.Sum / e.Count, t.Sum / t.Count);

    static bool Close(double a, double b) => Math.Abs(a - b) <= Tolerance * Math.Max(1, Math.Abs(a));

    public string Describe() => $"{Column}.norms: extracted {Show(Extracted)}, target {Show(Target)}";

    static string Show(NormSummary? n) => n is null ? "none" : string.Create(CultureInfo.InvariantCulture,
        $"{n.Count} vectors, min {n.Min:R}, max {n.Max:R}, mean {n.Sum / n.Count:R}");

    public static IReadOnlyList<VectorNormReport> Compare(IReadOnlyDictionary<string, NormSummary>? extracted,
        IReadOnlyDictionary<string, NormSummary>? target) =>
        (extracted?.Keys ?? []).Union(target?.Keys ?? []).Order(StringComparer.Ordinal)
            .Select(c => new VectorNormReport(c, extracted?.GetValueOrDefault(c), target?.GetValueOrDefault(c))).ToList();
}
