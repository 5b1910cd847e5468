using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;
using Orchestrator.Functions.Http;

namespace Orchestrator.FunctionsTests;

/// <summary>Every name the workflows call has its function, with the trigger and message types Core expects.</summary>
public class FunctionCatalogTests
{
    static readonly MethodInfo[] Functions = typeof(WorkflowFunctions).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("Orchestrator.Functions", StringComparison.Ordinal) == true)
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null).ToArray();

    static MethodInfo Function(string name) => Assert.Single(Functions, m => m.GetCustomAttribute<FunctionAttribute>()!.Name == name);

    [Fact]
    public void Function_names_are_unique()
    {
        var names = Functions.Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public async Task Every_activity_has_an_activity_function_taking_its_input_type()
    {
        await using var services = new MigrationServices(new ConnectionResolver(new ConfigurationBuilder().Build()));
        var activities = ActivityCatalog.Create(services);
        Assert.Equal(ActivityNames.All.Order(), activities.Keys.Order());
        foreach (var name in ActivityNames.All)
        {
            var trigger = Function(name).GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
            Assert.Equal(activities[name].InputType, trigger.ParameterType);
        }
        Assert.Equal(ActivityNames.All.Count,
            Functions.Count(f => f.GetParameters().Any(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null)));
    }

    [Fact]
    public void Every_workflow_has_an_orchestrator_function()
    {
        foreach (var name in WorkflowCatalog.All.Keys)
        {
            var parameters = Function(name).GetParameters();
            var trigger = Assert.Single(parameters);
            Assert.NotNull(trigger.GetCustomAttribute<OrchestrationTriggerAttribute>());
            Assert.Equal(typeof(TaskOrchestrationContext), trigger.ParameterType);
        }
        Assert.Equal(WorkflowCatalog.All.Count,
            Functions.Count(f => f.GetParameters().Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null)));
    }

    [Theory]
    [InlineData(nameof(MigrationsApi.StartMigration), "post", "migrations")]
    [InlineData(nameof(MigrationsApi.GetMigration), "get", "migrations/{id}")]
    [InlineData(nameof(MigrationsApi.GetMigrationReport), "get", "migrations/{id}/report")]
    [InlineData(nameof(MigrationsApi.CancelMigration), "post", "migrations/{id}/cancel")]
    [InlineData(nameof(MigrationsApi.ResumeMigration), "post", "migrations/{id}/resume")]
    [InlineData(nameof(MigrationsApi.StartAssessment), "post", "assessments")]
    [InlineData(nameof(CompareApi.StartCompare), "post", "migrations/{id}/compare")]
    [InlineData(nameof(CompareApi.GetCompare), "get", "migrations/{id}/compare")]
    [InlineData(nameof(SyncApi.StartCutover), "post", "migrations/{id}/cutover")]
    [InlineData(nameof(SyncApi.GetCutover), "get", "migrations/{id}/cutover")]
    public void Http_routes_methods_and_auth_levels_are_as_documented(string function, string method, string route)
    {
        var trigger = Function(function).GetParameters()
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;
        Assert.Equal(AuthorizationLevel.Function, trigger.AuthLevel);
        Assert.Equal([method], trigger.Methods ?? []);
        Assert.Equal(route, trigger.Route);
    }

    [Fact]
    public void Every_http_function_is_documented_above() =>
        Assert.Equal(10, Functions.Count(f => f.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null)));

    [Fact]
    public void The_timer_reads_its_schedule_from_the_app_setting()
    {
        var trigger = Function("ScheduledMigrations").GetParameters()
            .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Single(a => a is not null)!;
        Assert.Equal("%MIGRATION_SCHEDULE%", trigger.Schedule);
    }

    [Fact]
    public void Durable_retries_only_what_core_classifies_as_transient()
    {
        var policy = DurableWorkflowContext.Policy(ActivityRetry.Default);
        Assert.Equal(ActivityRetry.Default.MaxAttempts, policy.MaxNumberOfAttempts);
        Assert.Equal(ActivityRetry.Default.FirstDelay, policy.FirstRetryInterval);
        Assert.True(DurableWorkflowContext.IsTransient(Failure(typeof(TransientActivityException).FullName!)));
        Assert.True(DurableWorkflowContext.IsTransient(Failure("Microsoft.Azure.Functions.Worker.FunctionException",
            Failure(typeof(TransientActivityException).FullName!))));
        Assert.False(DurableWorkflowContext.IsTransient(Failure("Npgsql.PostgresException")));
        Assert.False(DurableWorkflowContext.IsTransient(Failure("Microsoft.Azure.Functions.Worker.FunctionException",
            Failure("Orchestrator.Core.Staging.StagingFailedException", Failure("System.IO.IOException")))));
    }

    static TaskFailureDetails Failure(string type, TaskFailureDetails? inner = null) => new(type, "x", null, inner, null);
}
