namespace Orchestrator.Core.Workflow;

/// <summary>
/// Validation alone, for a migration that already ran: every table digest and aggregate again (chunks read back
/// where a table differs), and a new report.
/// </summary>
public static class ValidationWorkflow
{
    public const string Name = "ValidationWorkflow";

    public static async Task<MigrationResult> RunAsync(IWorkflowContext context, MigrationInput input)
    {
        var started = context.CurrentUtcDateTime;
        var retry = ActivityRetry.Default;
        var plan = await context.CallActivityAsync<PlanResult>(ActivityNames.Plan, new MigrationWork(input.MigrationId, input.Spec), retry);
        var window = input.Spec.Chunking.MaxParallel;
        var tables = await Windowed.RunAsync(plan.Tables, window, async table =>
        {
            var tableStarted = context.CurrentUtcDateTime;
            var (verdict, verdicts) = await TableValidation.RunAsync(context, input.MigrationId, input.Spec, table, retry);
            var loaded = verdict.WholeTableDigest?.SourceRows
                ?? (verdicts.Count > 0 ? verdicts.Sum(v => v.SourceRows) : verdict.TargetRows);
            return new TableResult
            {
                TableId = table.TableId, Source = table.Source, Target = table.Target, Chunks = table.Chunks.Count,
                RowsExtracted = loaded + verdict.Rejects, RowsLoaded = loaded, Rejects = verdict.Rejects,
                StartedUtc = tableStarted, FinishedUtc = context.CurrentUtcDateTime, ChunkVerdicts = verdicts, Verdict = verdict,
            };
        });
        return await context.CallActivityAsync<MigrationResult>(ActivityNames.WriteReport,
            new ReportInput(input.MigrationId, input.Spec, plan.Position, tables, new FinalizeMigrationResult([]), started,
                context.CurrentUtcDateTime), retry);
    }
}
