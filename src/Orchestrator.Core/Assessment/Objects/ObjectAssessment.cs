namespace Orchestrator.Core.Assessment.Objects;

/// <summary>One object that is not data: how to convert it, how hard that is, and what in its code made it so.</summary>
public sealed record ObjectAssessment(string Kind, string Schema, string Name, string? Table, string Effort, string Hint,
    IReadOnlyList<string> Findings);
