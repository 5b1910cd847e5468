using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Workflow;

/// <summary>
/// PrepareTarget in batches of <see cref="Size"/> tables, one after another, each its own transaction: a table's copy
/// starts once its batch is committed, while later batches are still being created. In one transaction, 3,000 tables
/// held the copy back for 16% of the run (docs/bench-durable.md). Deterministic: the batches follow the plan's order,
/// each is called once the one before it is done, and <see cref="Stop"/> is called only from workflow code.
/// </summary>
public sealed class PrepareBatches
{
    public const int Size = 50;

    readonly List<Task<PrepareResult>> _batches = [];
    readonly Dictionary<string, int> _batchOf;
    bool _stopped;

    PrepareBatches(IReadOnlyList<TablePlan> tables) =>
        _batchOf = tables.Select((t, i) => (t.TableId, Batch: i / Size)).ToDictionary(x => x.TableId, x => x.Batch, StringComparer.Ordinal);

    /// <summary>Starts the first batch at once and chains the rest behind it.</summary>
    public static PrepareBatches Start(IWorkflowContext context, MigrationWork task, IReadOnlyList<TablePlan> tables, ActivityRetry retry)
    {
        var batches = new PrepareBatches(tables);
        Task<PrepareResult>? previous = null;
        // A migration of no tables still prepares once: the ledger and what the catalog shares.
        for (var from = 0; from == 0 || from < tables.Count; from += Size)
        {
            var work = new PrepareWork(task.MigrationId, task.Spec,
                tables.Skip(from).Take(Size).Select(t => t.Target).ToList(), First: from == 0);
            previous = batches.NextAsync(context, previous, work, retry);
            batches._batches.Add(previous);
        }
        return batches;
    }

    async Task<PrepareResult> NextAsync(IWorkflowContext context, Task<PrepareResult>? before, PrepareWork work, ActivityRetry retry)
    {
        if (before is not null) await before;
        if (_stopped) throw new OperationCanceledException("the migration stopped before these tables were prepared");
        return await context.CallActivityAsync<PrepareResult>(ActivityNames.PrepareTarget, work, retry);
    }

    /// <summary>Done once the batch that holds <paramref name="table"/> is committed.</summary>
    public Task ReadyAsync(TablePlan table) => _batches[_batchOf[table.TableId]];

    /// <summary>Prepares no further batch (a table failed, so the migration stops).</summary>
    public void Stop() => _stopped = true;

    /// <summary>Every batch's result, added up.</summary>
    public async Task<PrepareResult> AllAsync()
    {
        var results = await Task.WhenAll(_batches);
        return new PrepareResult(results.Sum(r => r.TablesPrepared)) { Findings = results.SelectMany(r => r.Findings).ToList() };
    }
}
