using Azure.Storage.Blobs;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>The CLI with blob staging: chunks go to the container (the checkpoint) and loads read the local spool copy.</summary>
public class BlobSpoolTests
{
    [Fact]
    public async Task A_cli_migration_through_blob_staging_seals_every_chunk_in_the_container_and_leaves_no_spool()
    {
        var blob = TestServers.RequireBlob();
        await using var scenario = await Scenario.CreateAsync("spool", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var id = $"spool-{Guid.NewGuid():N}"[..20];
        var spec = migrations.WriteSpec(
            migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 4, staging: Migrations.BlobStaging("spool")));

        using var process = migrations.StartCli("migrate", "--spec", spec, "--id", id);
        var spool = Path.Combine(Path.GetTempPath(), $"migrator-spool-{process.Id}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
        Assert.False(Directory.Exists(spool), $"{spool} was left behind");
        var container = new BlobServiceClient(blob).GetBlobContainerClient("spool");
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"{id}/chunks/" }))
            names.Add(item.Name);
        var manifests = names.Count(n => n.EndsWith(".manifest.json", StringComparison.Ordinal));
        Assert.True(manifests >= 6, string.Join("\n", names)); // orders alone is 60,000 rows in chunks of 10,000
        Assert.Equal(manifests, names.Count(n => n.EndsWith(".zst", StringComparison.Ordinal)));

        // The container is the checkpoint: validation reads the migration from it in a new process.
        var validate = await migrations.RunCliAsync("validate", "--spec", spec, "--id", id);
        Assert.True(validate.ExitCode == 0, validate.ToString());
    }
}
