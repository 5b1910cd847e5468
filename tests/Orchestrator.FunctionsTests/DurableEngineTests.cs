using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Workflow;
using Orchestrator.FunctionsTests.Infrastructure;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// The app's orchestrator and activity functions on the real Durable Task engine (the SDK's in-process test host):
/// it replays every orchestration from its history on each wake-up, so a workflow that is not deterministic fails here.
/// </summary>
public class DurableEngineTests
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_migration_with_rules_overrides_and_a_partitioned_table_passes_and_matches_the_embedded_host()
    {
        await using var scenario = await Scenario.CreateAsync("engine", TestServers.Blob);
        var spec = scenario.Spec(extra: Scenario.ShapedSpec);
        await using var hub = await InMemoryTaskHub.StartAsync(scenario.Configuration);

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput("engine-1", spec),
            new StartOrchestrationOptions("engine-1"));
        var result = await CompletedAsync<MigrationResult>(hub.Client, id);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal((5, 33_500L, 0L), (result.Tables, result.Rows, result.Rejects));

        // One table workflow per table (each partition of shop.readings is one), under the ids Core gives them.
        var tables = await InstancesAsync(hub.Client, "engine-1:");
        Assert.Equal(["engine-1:shop.customers", "engine-1:shop.events", "engine-1:shop.orders", "engine-1:shop.readings_2024",
            "engine-1:shop.readings_2025"], tables.Select(t => t.InstanceId).Order());
        Assert.All(tables, t => Assert.Equal((TableWorkflow.Name, OrchestrationRuntimeStatus.Completed), (t.Name, t.RuntimeStatus)));

        // The rules and the override reached the activities through Durable's serializer.
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM shop.customers WHERE email LIKE '%@%'"));
        Assert.Equal("jsonb", await scenario.Target.ScalarAsync<string>("SELECT pg_typeof(profile)::text FROM shop.customers LIMIT 1"));
        Assert.Equal("character varying(64)", await scenario.Target.ScalarAsync<string>(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = " +
            "'shop.purchases'::regclass AND attname = 'remark'"));

        // Validation alone, as its own orchestration, over what the migration loaded.
        var validated = await hub.Client.ScheduleNewOrchestrationInstanceAsync(ValidationWorkflow.Name,
            new MigrationInput("engine-1", spec),
            new StartOrchestrationOptions("engine-1-validation"));
        Assert.True((await CompletedAsync<MigrationResult>(hub.Client, validated)).Passed);

        // The embedded host, from the same spec into another database, makes the same target.
        await using var embeddedTarget = await TestDatabase.CreateAsync(TestServers.Postgres, "fx_engine_emb");
        var configuration = new ConfigurationBuilder().AddConfiguration(scenario.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Modern"] = embeddedTarget.ConnectionString })
            .Build();
        await using (var services = new MigrationServices(new ConnectionResolver(configuration)))
        {
            var embedded = await new EmbeddedWorkflowHost(ActivityCatalog.Create(services), spec.Chunking.MaxParallel)
                .RunAsync<MigrationResult>(MigrationWorkflow.Name, "engine-1-embedded", new MigrationInput("engine-1-embedded", spec));
            Assert.Equal((result.Passed, result.Tables, result.Rows, result.Rejects),
                (embedded.Passed, embedded.Tables, embedded.Rows, embedded.Rejects));
        }
        Assert.Equal(await embeddedTarget.FingerprintAsync(), await scenario.Target.FingerprintAsync());
    }

    [Fact]
    public async Task Transient_activity_failures_are_retried_and_permanent_ones_are_not()
    {
        await using var scenario = await Scenario.CreateAsync("retry", TestServers.Blob);
        var spec = scenario.Spec(rowsPerChunk: 200, extra: """ "tables": { "include": ["shop.customers"] } """);
        var faults = new ActivityFaults();
        faults.Fail("retry-transient", ActivityNames.LoadChunk, times: 1, () => new TimeoutException("the target did not answer in time"));
        faults.Fail("retry-permanent", ActivityNames.Plan, times: 1, () => new InvalidOperationException("the source catalog says no"));
        await using var hub = await InMemoryTaskHub.StartAsync(scenario.Configuration, faults.Install);

        // The first load fails with what Core calls transient: Durable runs it again, and the migration completes.
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput("retry-transient", spec),
            new StartOrchestrationOptions("retry-transient"));
        var result = await CompletedAsync<MigrationResult>(hub.Client, "retry-transient");
        Assert.True(result.Passed && result.Rows == 500, result.ToString());
        Assert.Equal(4, faults.Runs("retry-transient", ActivityNames.LoadChunk)); // three chunks, the first twice

        // A permanent failure is not retried: the migration fails at once, naming the error.
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput("retry-permanent", spec),
            new StartOrchestrationOptions("retry-permanent"));
        using var timeout = new CancellationTokenSource(Patience);
        var failed = await hub.Client.WaitForInstanceCompletionAsync("retry-permanent", getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Contains("the source catalog says no", Describe(failed.FailureDetails));
        Assert.Equal(1, faults.Runs("retry-permanent", ActivityNames.Plan));
        Assert.Equal(0, faults.Runs("retry-permanent", ActivityNames.PrepareTarget));
    }

    [Fact]
    public async Task A_small_tables_validation_and_keys_run_as_one_activity_that_the_engine_retries()
    {
        await using var scenario = await Scenario.CreateAsync("tail", TestServers.Blob);
        var spec = scenario.Spec(extra: """ "tables": { "include": ["shop.customers", "shop.orders"] } """);
        var faults = new ActivityFaults();
        faults.Fail("tail-1", ActivityNames.ValidateAndFinalizeTable, times: 1,
            () => new TimeoutException("the target did not answer in time"));
        await using var hub = await InMemoryTaskHub.StartAsync(scenario.Configuration, faults.Install);

        await hub.Client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput("tail-1", spec),
            new StartOrchestrationOptions("tail-1"));
        var result = await CompletedAsync<MigrationResult>(hub.Client, "tail-1");
        Assert.True(result.Passed && result.Rows == 24_500, result.ToString());
        // shop.customers (500 rows, one chunk): one activity, run again after its transient failure; shop.orders (8 chunks): two.
        Assert.Equal((2, 1, 1),
            (faults.Runs("tail-1", ActivityNames.ValidateAndFinalizeTable), faults.Runs("tail-1", ActivityNames.FinalizeTable),
            faults.Runs("tail-1", ActivityNames.ValidateTable)));
        Assert.Equal(1L, await scenario.Target.ScalarAsync<long>(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'shop.customers'::regclass AND contype = 'p'"));
    }

    [Fact]
    public async Task The_engine_fails_a_workflow_that_does_not_replay_as_it_ran()
    {
        // The same code schedules one activity on its first run and another when it is replayed, as a workflow reading
        // the clock or a random number would. Durable replays from history on every wake-up and must refuse it.
        var runs = 0;
        await using var hub = await InMemoryTaskHub.StartAsync(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(),
            more: registry =>
        {
            registry.AddActivityFunc<string, string>("First", (_, input) => input);
            registry.AddActivityFunc<string, string>("Second", (_, input) => input);
            registry.AddOrchestratorFunc<string>("Drifting", async context =>
            {
                await context.CallActivityAsync<string>(Interlocked.Increment(ref runs) == 1 ? "First" : "Second", "a");
                return await context.CallActivityAsync<string>("First", "b");
            });
        });
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Drifting");
        using var timeout = new CancellationTokenSource(Patience);
        var instance = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains("NonDeterministic", Describe(instance.FailureDetails));
    }

    static string Describe(TaskFailureDetails? failure) =>
        failure is null ? "" : $"{failure.ErrorType}: {failure.ErrorMessage} / {Describe(failure.InnerFailure)}";

    internal static async Task<List<OrchestrationMetadata>> InstancesAsync(DurableTaskClient client, string prefix)
    {
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }))
            instances.Add(instance);
        return instances;
    }

    internal static async Task<T> CompletedAsync<T>(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var instance = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"{id} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorType}: {instance.FailureDetails?.ErrorMessage}");
        return instance.ReadOutputAs<T>()!;
    }
}
