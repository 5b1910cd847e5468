using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Sync;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Functions.Durable;

/// <summary>One orchestrator function per Core workflow; the workflow code itself is Core's, unchanged.</summary>
public static class WorkflowFunctions
{
    [Function(MigrationWorkflow.Name)]
    public static Task<MigrationResult> Migration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        MigrationWorkflow.RunAsync(new DurableWorkflowContext(context), Input<MigrationInput>(context));

    [Function(TableWorkflow.Name)]
    public static Task<TableResult> Table([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TableWorkflow.RunAsync(new DurableWorkflowContext(context), Input<TableInput>(context));

    [Function(ValidationWorkflow.Name)]
    public static Task<MigrationResult> Validation([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ValidationWorkflow.RunAsync(new DurableWorkflowContext(context), Input<MigrationInput>(context));

    [Function(SyncWorkflow.Name)]
    public static Task<SyncResult?> Sync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        SyncWorkflow.RunAsync(new DurableWorkflowContext(context), Input<SyncInput>(context));

    [Function(CutoverWorkflow.Name)]
    public static Task<CutoverResult> Cutover([OrchestrationTrigger] TaskOrchestrationContext context) =>
        CutoverWorkflow.RunAsync(new DurableWorkflowContext(context), Input<CutoverInput>(context));

    [Function(CompareWorkflow.Name)]
    public static Task<CompareResult> Compare([OrchestrationTrigger] TaskOrchestrationContext context) =>
        CompareWorkflow.RunAsync(new DurableWorkflowContext(context), Input<CompareInput>(context));

    static T Input<T>(TaskOrchestrationContext context) => context.GetInput<T>()
        ?? throw new InvalidOperationException($"orchestration {context.InstanceId} ({context.Name.Name}) started " +
            $"without a {typeof(T).Name} input");
}
