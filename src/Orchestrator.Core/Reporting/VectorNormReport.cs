using System.Globalization;
using Orchestrator.Core.Shapes;

namespace Orchestrator.Core.Reporting;

/// <summary>
/// A vector column's norms as extracted and as stored. Count, min and max must be equal (each norm is computed the
/// same way from the same floats); the mean may differ in the last bits, since the sums add in another order.
/// </summary>
public sealed record VectorNormReport(string Column, NormSummary? Extracted, NormSummary? Target)
{
    const double MeanTolerance = 1e-9;

    public bool Matches => Extracted is null && Target is null
        || Extracted is { } e && Target is { } t && e.Count == t.Count && e.Min == t.Min && e.Max == t.Max
           && Math.Abs(e.Sum / e.Count - t.Sum / t.Count) <= MeanTolerance * Math.Max(1, Math.Abs(e.Sum / e.Count));

    public string Describe() => $"{Column}.norms: extracted {Show(Extracted)}, target {Show(Target)}";

    static string Show(NormSummary? n) => n is null ? "none" : string.Create(CultureInfo.InvariantCulture,
        $"{n.Count} vectors, min {n.Min:R}, max {n.Max:R}, mean {n.Sum / n.Count:R}");

    public static IReadOnlyList<VectorNormReport> Compare(IReadOnlyDictionary<string, NormSummary>? extracted, IReadOnlyDictionary<string, NormSummary>? target) =>
        (extracted?.Keys ?? []).Union(target?.Keys ?? []).Order(StringComparer.Ordinal)
            .Select(c => new VectorNormReport(c, extracted?.GetValueOrDefault(c), target?.GetValueOrDefault(c))).ToList();
}
