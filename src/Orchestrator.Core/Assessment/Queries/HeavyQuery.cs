namespace Orchestrator.Core.Assessment.Queries;

/// <summary>A statement from the source's plan cache, by total time; MlTerms are the AI/ML words its text contains.</summary>
public sealed record HeavyQuery(string Text, long Calls, double TotalMs, double MeanMs, long Rows, IReadOnlyList<string> MlTerms);

/// <summary>The heaviest queries, or why they could not be read (extension missing, no permission, statistics off).</summary>
public sealed record HeavyQueryReading(bool Available, string Source, string? Reason, IReadOnlyList<HeavyQuery> Queries)
{
    public static HeavyQueryReading NotAvailable(string source, string reason) => new(false, source, reason, []);
}
