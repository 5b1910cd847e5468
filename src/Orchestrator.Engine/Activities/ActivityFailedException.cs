using Orchestrator.Core.Comparison;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// A permanent failure of a chunk or table activity, told with where it happened and what to do: the table, the
/// chunk and its range, the database's own reason, and that a rerun with the same id resumes.
/// </summary>
public sealed class ActivityFailedException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>The located failure, or null when the input names no table (the original exception is then clearest).</summary>
    public static ActivityFailedException? Locate(string activity, object input, Exception error)
    {
        var where = Where(input);
        // A staged document of another version is told as it is: a rerun with the same id cannot get past it.
        if (where is null || error is ActivityFailedException or ActivityStalledException or Spec.SpecException
            or Staging.StagedVersionException) return null;
        return new ActivityFailedException(
            $"{activity} failed for {where}: {Target.DatabaseErrors.Describe(error)}. {Advice(input)}", error);
    }

    /// <summary>
    /// A failure worth retrying that kept failing: told with where, how often and for how long it was retried, and
    /// its last reason.
    /// </summary>
    public static ActivityFailedException Exhausted(string activity, object input, Exception last, int attempts, TimeSpan spent) => new(
        $"{activity} failed{(Where(input) is { } where ? $" for {where}" : "")} {attempts} times over " +
        $"{spent.TotalSeconds:N0} s of retries, " +
        $"the last time with: {Target.DatabaseErrors.Describe(last)}. {Advice(input)}", last);

    /// <summary>The chunk or table an activity's input names, for messages; null when it names none.</summary>
    public static string? Where(object input) => input switch
    {
        ChunkWork c => $"chunk {c.Chunk.ChunkId} of {c.Source} ({c.Chunk.Range})",
        TableWork t => $"table {t.Table.Source}",
        RangeTask r => $"range {r.Range} of {r.Table.Source} (comparison {r.CompareId})",
        TablePassTask p => $"table {p.Table.Source} (comparison {p.CompareId})",
        TableDigestTask d => $"table {d.Table.Source} (whole-table comparison)",
        RepairTask r => $"the repair of {r.Table.Target} (comparison {r.CompareId})",
        _ => null,
    };

    static string Advice(object input) => input is RangeTask or TablePassTask or TableDigestTask or RepairTask
        ? "Fix the cause, then compare again: a comparison reads both sides afresh, and rows a repair already committed compare equal."
        : "Fix the cause, then run again with the same migration id: finished chunks are kept and this one is retried.";
}
