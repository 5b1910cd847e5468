using System.Diagnostics;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.TaskHubHost;

namespace Orchestrator.FunctionsTests.Infrastructure;

/// <summary>
/// A child process running a task hub on the Azure Storage backend (TaskHubHost: sidecar and worker with the app's
/// functions), so a test can kill it as a crash would: SIGKILL, no shutdown code runs.
/// </summary>
sealed class TaskHubProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _errors = new();
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource<string?> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    TaskHubProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.ErrorDataReceived += (_, e) => { lock (_errors) _errors.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) =>
        {
            if (_firstLine.TrySetResult(e.Data)) return;
            lock (_output) _output.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public int Port { get; }

    /// <summary>
    /// Starts a process on <paramref name="hub"/> with the app settings of <paramref name="configuration"/>; returns once it serves.
    /// With <paramref name="workflowVersion"/> it stands in for a release of that workflow version.
    /// </summary>
    public static async Task<TaskHubProcess> StartAsync(string hub, string storage, IConfiguration configuration,
        string? workflowVersion = null)
    {
        var port = InMemoryTaskHub.FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Orchestrator.TaskHubHost.dll"));
        info.ArgumentList.Add(port.ToString());
        info.ArgumentList.Add(hub);
        info.Environment["ORCH_TEST_STORAGE"] = storage;
        if (workflowVersion is not null) info.Environment["ORCH_TEST_WORKFLOW_VERSION"] = workflowVersion;
        foreach (var (key, value) in configuration.AsEnumerable().Where(s => s.Value is not null))
            info.Environment[key.Replace(":", "__")] = value;
        var started = new TaskHubProcess(Process.Start(info)!, port);
        var line = await Task.WhenAny(started._firstLine.Task, Task.Delay(TimeSpan.FromMinutes(1))) == started._firstLine.Task
            ? await started._firstLine.Task : "nothing within a minute";
        Assert.True(line == "ready", $"the task hub process did not start ({line}): {started.Errors}");
        return started;
    }

    public string Errors { get { lock (_errors) return _errors.ToString(); } }

    /// <summary>What the process logged after it started: its worker's warnings, such as a refused orchestration version.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>A Durable client of this process's sidecar, with the app's converter.</summary>
    public ServiceProvider Client(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddLogging().AddAppServices(configuration);
        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc($"http://127.0.0.1:{Port}");
            builder.RegisterDirectly();
        });
        return services.BuildServiceProvider();
    }

    /// <summary>SIGKILL, as the machine dying would: no graceful shutdown, leases and messages left as they were.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
