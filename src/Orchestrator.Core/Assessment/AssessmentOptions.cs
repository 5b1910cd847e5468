namespace Orchestrator.Core.Assessment;

/// <summary>How deep the assessment reads.</summary>
public sealed record AssessmentOptions
{
    /// <summary>Read every row: exact value sizes, constant vector lengths, and proof that a wide type can be narrowed.</summary>
    public bool Scan { get; init; }
    /// <summary>How many of the heaviest plan-cache statements to list.</summary>
    public int HeavyQueries { get; init; } = 20;
    /// <summary>Rows read per table without a scan, to see the shape of the values (not their exact sizes).</summary>
    public int SampleRows { get; init; } = 1000;

    public static AssessmentOptions Default { get; } = new();
}
