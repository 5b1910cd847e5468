namespace Orchestrator.Core.Spec;

/// <summary>The spec or the arguments are wrong; each problem names its JSON path. Exit code 2.</summary>
public sealed class SpecException(IReadOnlyList<string> problems)
    : Exception("Invalid migration spec:\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    public SpecException(string problem) : this([problem]) { }
}
