namespace Orchestrator.Core.Assessment;

/// <summary>How deep the assessment reads.</summary>
public sealed record AssessmentOptions
{
    /// <summary>Read every row: exact value sizes, constant vector lengths, and proof that a wide type can be narrowed.</summary>
    public bool Scan { get; init; }
    /// <summary>How many of the heaviest plan-cache statements to list.</summary>
    public int HeavyQueries { get; init; } = 20;

    public static AssessmentOptions Default { get; } = new();
}
