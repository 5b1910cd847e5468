namespace Orchestrator.Core.Assessment.Objects;

/// <summary>How much hand work converting an object takes, graded as AWS SCT and ora2pg grade it.</summary>
public static class EffortClass
{
    /// <summary>Converted as is or mechanically (a plain view, a sequence, a synonym, a SQL function).</summary>
    public const string Simple = "simple";
    /// <summary>Procedural code to translate by hand, but ordinary (a trigger, a PL/pgSQL or T-SQL routine, a job).</summary>
    public const string Medium = "medium";
    /// <summary>Constructs without a direct PostgreSQL equivalent (packages, dynamic SQL, cursors, CONNECT BY, MERGE ...).</summary>
    public const string Significant = "significant";

    public static IReadOnlyList<string> All { get; } = [Simple, Medium, Significant];

    public static int Rank(string effort) => effort switch { Simple => 0, Medium => 1, _ => 2 };
}
