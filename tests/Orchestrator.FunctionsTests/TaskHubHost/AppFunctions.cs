using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;

namespace Orchestrator.TaskHubHost;

/// <summary>
/// The Functions app's orchestrator and activity functions on a Durable Task worker, as the Functions host dispatches
/// them: each under its [Function] name, calling the app's method. Orchestrators take the workflow's input type
/// (Core's WorkflowCatalog); activity functions are built from the worker's services, as the host builds them.
/// </summary>
public static class AppFunctions
{
    static readonly MethodInfo[] Functions = typeof(WorkflowFunctions).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null).ToArray();

    public static IReadOnlyList<string> Orchestrators { get; } = NamesWith<OrchestrationTriggerAttribute>();

    public static IReadOnlyList<string> Activities { get; } = NamesWith<ActivityTriggerAttribute>();

    public static void Register(DurableTaskRegistry registry)
    {
        foreach (var method in Functions)
        {
            var name = Name(method);
            if (Trigger<OrchestrationTriggerAttribute>(method) is not null)
                registry.AddOrchestrator(name, () => new Orchestrator(method, WorkflowCatalog.All[name].InputType));
            else if (Trigger<ActivityTriggerAttribute>(method) is { } input)
                registry.AddActivity(name, services => new Activity(method, input.ParameterType, services));
        }
    }

    static string Name(MethodInfo method) => method.GetCustomAttribute<FunctionAttribute>()!.Name;

    static ParameterInfo? Trigger<T>(MethodInfo method) where T : Attribute =>
        method.GetParameters().SingleOrDefault(p => p.GetCustomAttribute<T>() is not null);

    static List<string> NamesWith<T>() where T : Attribute => Functions.Where(m => Trigger<T>(m) is not null).Select(Name).ToList();

    static Type OutputOf(MethodInfo method) => method.ReturnType.GetGenericArguments().Single();

    static async Task<object?> ResultAsync(object? task)
    {
        await (Task)task!;
        return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
    }

    sealed class Orchestrator(MethodInfo method, Type inputType) : ITaskOrchestrator
    {
        public Type InputType => inputType;
        public Type OutputType => OutputOf(method);
        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) => ResultAsync(method.Invoke(null, [context]));
    }

    sealed class Activity(MethodInfo method, Type inputType, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => inputType;
        public Type OutputType => OutputOf(method);

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var target = method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(services, method.DeclaringType!);
            var arguments = method.GetParameters()
                .Select(p => p.ParameterType == typeof(FunctionContext) ? new TestFunctionContext(services)
                    : p.ParameterType == inputType ? input
                    : null)
                .ToArray();
            return ResultAsync(method.Invoke(target, arguments));
        }
    }
}
