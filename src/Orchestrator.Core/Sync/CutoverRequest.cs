namespace Orchestrator.Core.Sync;

/// <summary>A cutover asked of a running sync (Durable: the external event <see cref="SyncWorkflow.CutoverEvent"/>).</summary>
public sealed record CutoverRequest(bool ReadOnly = false, int TimeoutSeconds = 300, bool FullCompare = false, bool Prepare = false)
{
    /// <summary>
    /// What is wrong with the request, the one check both hosts make. Each problem leads with the name the host's users
    /// know the field by (a CLI option, a JSON field): <paramref name="nameOf"/> maps a property name to it.
    /// </summary>
    public IReadOnlyList<string> Problems(Func<string, string> nameOf)
    {
        var problems = new List<string>();
        if (TimeoutSeconds is < 1 or > 86_400)
            problems.Add($"{nameOf(nameof(TimeoutSeconds))}: must be a whole number of seconds between 1 and 86400");
        if (Prepare && (ReadOnly || FullCompare))
        {
            var prepare = nameOf(nameof(Prepare));
            problems.Add($"{prepare}: runs before writes stop and compares changed keys only; give {nameOf(nameof(ReadOnly))} and " +
                $"{nameOf(nameof(FullCompare))} to the cutover that follows, not to {prepare}");
        }
        return problems;
    }
}
