using Microsoft.Extensions.Configuration;
using Orchestrator.TaskHubHost;

// A task hub process for the tests: `Orchestrator.TaskHubHost PORT HUB`, with ORCH_TEST_STORAGE and the migration's
// ConnectionStrings__* in the environment. Prints "ready" once sidecar and worker run; runs until killed.
// ORCH_TEST_WORKFLOW_VERSION makes it a release of that workflow version (host.json's defaultVersion, its strategies).
if (args.Length != 2 || !int.TryParse(args[0], out var port)
    || Environment.GetEnvironmentVariable("ORCH_TEST_STORAGE") is not { Length: > 0 } storage)
{
    Console.Error.WriteLine("usage: Orchestrator.TaskHubHost PORT HUB (with ORCH_TEST_STORAGE set)");
    return 2;
}
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var versioning = Environment.GetEnvironmentVariable("ORCH_TEST_WORKFLOW_VERSION") is { Length: > 0 } version
    ? HostVersioning.Published with { DefaultVersion = version } : HostVersioning.Published;
await using var hub = await AzureStorageTaskHub.StartAsync(port, AzureStorageTaskHub.Settings(storage, args[1]), configuration, versioning);
Console.WriteLine("ready");
await Task.Delay(Timeout.Infinite);
return 0;
