namespace Orchestrator.Core.Workflow;

/// <summary>
/// The migration: discover, plan, prepare the target, move every table (one sub-workflow each, in a bounded window),
/// add foreign keys and sequences, then write the report; with sync on, apply the source's changes until cutover.
/// Deterministic; resumable because every step is idempotent.
/// </summary>
public static class MigrationWorkflow
{
    public const string Name = "MigrationWorkflow";

    public static async Task<MigrationResult> RunAsync(IWorkflowContext context, MigrationInput input)
    {
        var started = context.CurrentUtcDateTime;
        var task = new MigrationWork(input.MigrationId, input.Spec);
        var retry = ActivityRetry.Default;

        context.SetCustomStatus(new MigrationStatus("discover", 0, 0, 0, 0));
        var discovered = await context.CallActivityAsync<DiscoverResult>(ActivityNames.Discover, task, retry);
        var plan = await context.CallActivityAsync<PlanResult>(ActivityNames.Plan, task, retry);
        var prepare = PrepareBatches.Start(context, task, plan.Tables, retry);

        var done = 0;
        var failed = 0;
        long rows = 0, bytes = 0;
        MigrationStatus Status(string phase) =>
            new(phase, done, plan.Tables.Count, rows, discovered.EstimatedRows, bytes, discovered.EstimatedBytes, failed);
        context.SetCustomStatus(Status("copy"));
        // Tables in flight are counted by their chunk windows: maxParallel tables of maxParallel chunks, or as many more
        // small tables as keep the same number of chunks in flight (16 one-chunk tables at the default of 4).
        var window = input.Spec.Chunking.MaxParallel;
        var tables = await Windowed.RunAsync(plan.Tables, window * window, async table =>
        {
            await prepare.ReadyAsync(table);
            TableResult result;
            try
            {
                result = await context.CallSubWorkflowAsync<TableResult>(TableWorkflow.Name,
                    new TableInput(input.MigrationId, input.Spec, table) { SmallTailInOne = true, SmallTailByLoadedRows = true },
                    TableWorkflow.InstanceIdFor(context.InstanceId, table));
            }
            catch
            {
                prepare.Stop();
                Interlocked.Increment(ref failed);
                context.SetCustomStatus(Status("copy"));
                throw;
            }
            // The embedded host runs continuations on several threads; Durable runs them on one. Both are safe this way.
            Interlocked.Increment(ref done);
            Interlocked.Add(ref rows, result.RowsLoaded);
            Interlocked.Add(ref bytes, result.Bytes);
            context.SetCustomStatus(Status("copy"));
            return result;
        }, table => Math.Min(table.Chunks.Count, window));
        var prepared = await prepare.AllAsync();

        context.SetCustomStatus(Status("finalize"));
        var finalized = await context.CallActivityAsync<FinalizeMigrationResult>(ActivityNames.FinalizeMigration, task, retry);
        // The graph reads the migrated tables once their foreign keys are in place.
        var graph = input.Spec.Graph is null ? null
            : await context.CallActivityAsync<Graph.GraphReport>(ActivityNames.WriteGraph, task, retry);
        var result = await context.CallActivityAsync<MigrationResult>(ActivityNames.WriteReport,
            new ReportInput(input.MigrationId, input.Spec, plan.Position, tables, finalized, started, context.CurrentUtcDateTime)
            {
                TargetFindings = prepared.Findings,
                Graph = graph,
            }, retry);
        if (input.Spec.Sync.Enabled && result.Passed)
        {
            // The full load is in and checked: keep applying the source's changes until cutover.
            context.SetCustomStatus(Status("sync"));
            await context.CallSubWorkflowAsync<Sync.SyncResult>(Sync.SyncWorkflow.Name, new Sync.SyncInput(input.MigrationId, input.Spec),
                Sync.SyncWorkflow.InstanceIdFor(context.InstanceId));
        }
        context.SetCustomStatus(Status(result.Passed ? "completed" : "completed-with-differences"));
        return result;
    }
}
