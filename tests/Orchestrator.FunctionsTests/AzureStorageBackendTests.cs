using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Workflow;
using Orchestrator.FunctionsTests.Infrastructure;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// The app's functions on the Azure Storage backend, against Azurite's blobs, queues and tables: history, instances,
/// work-item queues and large messages live where they live in Azure. The process hosting the sidecar and the worker
/// is killed mid-migration; a fresh one on the same task hub resumes the orchestration from its history.
/// </summary>
public class AzureStorageBackendTests
{
    [Fact]
    public async Task A_migration_resumes_from_its_history_after_the_task_hub_process_is_killed()
    {
        var storage = TestServers.Storage;
        await using var scenario = await Scenario.CreateAsync("hub", storage);
        var hub = $"fxhub{Guid.NewGuid():N}"[..20];
        var input = new MigrationInput("hub-1", scenario.Spec(rowsPerChunk: 1000, maxParallel: 2));

        long loadedAtKill;
        int chunks;
        using (var first = await TaskHubProcess.StartAsync(hub, storage, scenario.Configuration))
        {
            await using var services = first.Client(scenario.Configuration);
            var client = services.GetRequiredService<DurableTaskClient>();
            await client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, input, new StartOrchestrationOptions("hub-1"));
            await MigrationsApiTests.WaitForAsync(
                async () => await MigrationsApiTests.LedgerRowsAsync(scenario.Target) >= 6, "six chunks loaded");
            first.Kill();
            loadedAtKill = await MigrationsApiTests.LedgerRowsAsync(scenario.Target);
        }

        var recovery = System.Diagnostics.Stopwatch.StartNew();
        using var second = await TaskHubProcess.StartAsync(hub, storage, scenario.Configuration);
        await using (var services = second.Client(scenario.Configuration))
        {
            var client = services.GetRequiredService<DurableTaskClient>();
            var result = await DurableEngineTests.CompletedAsync<MigrationResult>(client, "hub-1");
            Assert.True(result.Passed, result + second.Errors);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"killed after {loadedAtKill} chunks; the new process finished the migration in {recovery.Elapsed.TotalSeconds:F0} s");
            var tables = new List<TableResult>();
            foreach (var table in await DurableEngineTests.InstancesAsync(client, "hub-1:"))
                tables.Add((await client.GetInstanceAsync(table.InstanceId, getInputsAndOutputs: true))!.ReadOutputAs<TableResult>()!);
            Assert.Equal(5, tables.Count);
            chunks = tables.Sum(t => t.Chunks);
        }
        // Every chunk loaded exactly once: each in the ledger, and the target holds the source's rows, no more.
        Assert.True(loadedAtKill < chunks, $"all {chunks} chunks were loaded before the kill");
        Assert.Equal(chunks, await MigrationsApiTests.LedgerRowsAsync(scenario.Target));
        Assert.Equal(await scenario.Source.FingerprintAsync(), await scenario.Target.FingerprintAsync());
    }
}
