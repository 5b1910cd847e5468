namespace Orchestrator.Core.Workflow;

/// <summary>The workflows by name, with their input types, for hosts that start them by name.</summary>
public static class WorkflowCatalog
{
    public sealed record Entry(string Name, Type InputType, Func<IWorkflowContext, object, Task<object?>> Run);

    public static IReadOnlyDictionary<string, Entry> All { get; } = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase)
    {
        [MigrationWorkflow.Name] = new(MigrationWorkflow.Name, typeof(MigrationInput),
            async (context, input) => await MigrationWorkflow.RunAsync(context, (MigrationInput)input)),
        [TableWorkflow.Name] = new(TableWorkflow.Name, typeof(TableInput),
            async (context, input) => await TableWorkflow.RunAsync(context, (TableInput)input)),
        [ValidationWorkflow.Name] = new(ValidationWorkflow.Name, typeof(MigrationInput),
            async (context, input) => await ValidationWorkflow.RunAsync(context, (MigrationInput)input)),
        [CompareWorkflow.Name] = new(CompareWorkflow.Name, typeof(Comparison.CompareInput),
            async (context, input) => await CompareWorkflow.RunAsync(context, (Comparison.CompareInput)input)),
    };
}
