namespace Orchestrator.Core.Validation;

/// <summary>Named measures of a table ("rows", "email.nulls", "amount.sum", ...) as text, comparable across engines.</summary>
public sealed record TableAggregates(IReadOnlyDictionary<string, string> Measures)
{
    public long Rows => long.Parse(Measures["rows"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The measures that differ, as "name: source X, target Y". Only the measures the source computed count: a
    /// dialect leaves out what its engine cannot compute comparably (float sums in T-SQL, LOB lengths in Oracle).
    /// </summary>
    public IReadOnlyList<string> Differences(TableAggregates target) =>
        Measures.Keys
            .Where(k => Measures.GetValueOrDefault(k) != target.Measures.GetValueOrDefault(k))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k}: source {Measures.GetValueOrDefault(k) ?? "(none)"}, target " +
                $"{target.Measures.GetValueOrDefault(k) ?? "(none)"}")
            .ToList();
}
