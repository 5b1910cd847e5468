using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Schedule;
using Orchestrator.FunctionsTests.Infrastructure;
using Orchestrator.TaskHubHost;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// The timer function on a real task hub: each spec in the container starts once, and not again while it runs; a
/// spec in a dual-write phase (compare.onSchedule) is compared instead once its migration completed.
/// </summary>
public class ScheduledMigrationsTests
{
    [Fact]
    public async Task Each_valid_spec_starts_as_its_own_singleton_and_a_bad_one_holds_back_nothing()
    {
        await using var scenario = await Scenario.CreateAsync("sched", TestServers.Blob);
        var container = new BlobServiceClient(TestServers.Blob).GetBlobContainerClient($"specs-{Guid.NewGuid():N}");
        await container.CreateAsync();
        await container.UploadBlobAsync("nightly.json",
            BinaryData.FromString(scenario.SpecJson(extra: """ "tables": { "include": ["shop.customers"] } """)));
        await container.UploadBlobAsync("broken.json", BinaryData.FromString(scenario.SpecJson(rowsPerChunk: 0)));
        await container.UploadBlobAsync("notes.txt", BinaryData.FromString("not a spec"));
        var configuration = new ConfigurationBuilder().AddConfiguration(scenario.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MIGRATION_SPECS_CONTAINER"] = container.Name }).Build();
        await using var hub = await InMemoryTaskHub.StartAsync(configuration);
        var timer = ActivatorUtilities.CreateInstance<ScheduledMigrations>(hub.Services);

        await timer.Run(new TimerInfo(), hub.Client, new TestFunctionContext(hub.Services));
        var first = await hub.Client.GetInstanceAsync("sched-nightly");
        Assert.NotNull(first);
        await timer.Run(new TimerInfo(), hub.Client, new TestFunctionContext(hub.Services));
        // Not started again: a restart is stamped at least the timer's run later (tens of ms). The in-memory host's
        // CreatedAt was seen to move by microseconds between reads of the same instance, so equality is too strict.
        var again = (await hub.Client.GetInstanceAsync("sched-nightly"))!.CreatedAt;
        Assert.True((again - first.CreatedAt).Duration() < TimeSpan.FromMilliseconds(1), $"created {first.CreatedAt:O}, then {again:O}");

        var result = await DurableEngineTests.CompletedAsync<MigrationResult>(hub.Client, "sched-nightly");
        Assert.True(result.Passed && result.Rows == 500, result.ToString());
        var migrations = (await DurableEngineTests.InstancesAsync(hub.Client, "sched-")).Where(i => i.Name == MigrationWorkflow.Name);
        Assert.Equal(["sched-nightly"], migrations.Select(i => i.InstanceId)); // broken.json started nothing
    }

    [Fact]
    public async Task A_spec_with_compare_on_schedule_is_compared_on_the_ticks_after_its_migration_completed()
    {
        await using var scenario = await Scenario.CreateAsync("schedcmp", TestServers.Blob);
        var container = new BlobServiceClient(TestServers.Blob).GetBlobContainerClient($"specs-{Guid.NewGuid():N}");
        await container.CreateAsync();
        await container.UploadBlobAsync("dual.json", BinaryData.FromString(scenario.SpecJson(extra:
            """ "tables": { "include": ["shop.customers"] }, "compare": { "onSchedule": true, "settleSeconds": 1 } """)));
        var configuration = new ConfigurationBuilder().AddConfiguration(scenario.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MIGRATION_SPECS_CONTAINER"] = container.Name }).Build();
        await using var hub = await InMemoryTaskHub.StartAsync(configuration);
        var timer = ActivatorUtilities.CreateInstance<ScheduledMigrations>(hub.Services);

        await timer.Run(new TimerInfo(), hub.Client, new TestFunctionContext(hub.Services));
        Assert.True((await DurableEngineTests.CompletedAsync<MigrationResult>(hub.Client, "sched-dual")).Passed);
        Assert.Null(await hub.Client.GetInstanceAsync("sched-dual:compare"));
        var migrated = (await hub.Client.GetInstanceAsync("sched-dual"))!.CreatedAt;

        await scenario.Target.ExecuteAsync("UPDATE shop.customers SET name = 'changed' WHERE id = 42");
        await timer.Run(new TimerInfo(), hub.Client, new TestFunctionContext(hub.Services));
        var compared = await DurableEngineTests.CompletedAsync<Orchestrator.Core.Comparison.CompareResult>(
            hub.Client, "sched-dual:compare");
        Assert.True(!compared.Passed && compared.Confirmed == 1, compared.ToString());
        Assert.Equal(migrated, (await hub.Client.GetInstanceAsync("sched-dual"))!.CreatedAt); // not migrated again
    }
}
