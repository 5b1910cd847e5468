namespace Orchestrator.Core.Workflow;

/// <summary>
/// The migration: discover, plan, prepare the target, move every table (one sub-workflow each, in a bounded window),
/// add foreign keys and sequences, then write the report. Deterministic; resumable because every step is idempotent.
/// </summary>
public static class MigrationWorkflow
{
    public const string Name = "MigrationWorkflow";

    public static async Task<MigrationResult> RunAsync(IWorkflowContext context, MigrationInput input)
    {
        var started = context.CurrentUtcDateTime;
        var task = new MigrationTask(input.MigrationId, input.Spec);
        var retry = ActivityRetry.Default;

        context.SetCustomStatus(new MigrationStatus("discover", 0, 0, 0, 0));
        var discovered = await context.CallActivityAsync<DiscoverResult>(ActivityNames.Discover, task, retry);
        var plan = await context.CallActivityAsync<PlanResult>(ActivityNames.Plan, task, retry);
        await context.CallActivityAsync<PrepareResult>(ActivityNames.PrepareTarget, task, retry);

        var done = 0;
        long rows = 0;
        context.SetCustomStatus(new MigrationStatus("copy", 0, plan.Tables.Count, 0, discovered.EstimatedRows));
        var tables = await Windowed.RunAsync(plan.Tables, input.Spec.Chunking.MaxParallel, async table =>
        {
            var result = await context.CallSubWorkflowAsync<TableResult>(TableWorkflow.Name,
                new TableInput(input.MigrationId, input.Spec, table), TableWorkflow.InstanceIdFor(context.InstanceId, table));
            // The embedded host runs continuations on several threads; Durable runs them on one. Both are safe this way.
            var tablesDone = Interlocked.Increment(ref done);
            var rowsDone = Interlocked.Add(ref rows, result.RowsLoaded);
            context.SetCustomStatus(new MigrationStatus("copy", tablesDone, plan.Tables.Count, rowsDone, discovered.EstimatedRows));
            return result;
        });

        context.SetCustomStatus(new MigrationStatus("finalize", done, plan.Tables.Count, rows, discovered.EstimatedRows));
        var finalized = await context.CallActivityAsync<FinalizeMigrationResult>(ActivityNames.FinalizeMigration, task, retry);
        var result = await context.CallActivityAsync<MigrationResult>(ActivityNames.WriteReport,
            new ReportInput(input.MigrationId, input.Spec, plan.Position, tables, finalized, started, context.CurrentUtcDateTime), retry);
        context.SetCustomStatus(new MigrationStatus(result.Passed ? "completed" : "completed-with-differences", done, plan.Tables.Count, rows, discovered.EstimatedRows));
        return result;
    }
}
