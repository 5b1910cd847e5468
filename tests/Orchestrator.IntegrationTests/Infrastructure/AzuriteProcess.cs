using System.Diagnostics;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// The Azurite that eng/test started, stopped and started again by the fault tests (ORCH_TEST_AZURITE_CMD restarts
/// it on the same port and data directory). SIGTERM, so Azurite saves its state as a storage service keeps its data
/// through an outage. It may have been restarted by an earlier test: stopping kills whatever serves the port.
/// </summary>
sealed class AzuriteProcess(string command, int pid, int port)
{
    public static AzuriteProcess Require()
    {
        TestServers.RequireBlob();
        var command = Environment.GetEnvironmentVariable("ORCH_TEST_AZURITE_CMD");
        var pid = Environment.GetEnvironmentVariable("ORCH_TEST_AZURITE_PID");
        var port = Environment.GetEnvironmentVariable("ORCH_TEST_BLOB_PORT");
        if (command is null || pid is null || port is null) Assert.Skip("Azurite restart variables not set: run through eng/test");
        return new AzuriteProcess(command!, int.Parse(pid!), int.Parse(port!));
    }

    public async Task StopAsync()
    {
        await SystemCommand.RunAsync("sh", "-c",
            $"kill {pid} 2>/dev/null; " +
            $"for p in $(ss -Hltnp 'sport = :{port}' | grep -o 'pid=[0-9]*' | cut -d= -f2); do kill $p; done; true");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && await PortOpenAsync()) await Task.Delay(100);
    }

    /// <summary>Starts it again, and waits (up to a minute) until it takes connections.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec {command} >/dev/null 2>&1");
        Process.Start(info);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !await PortOpenAsync()) await Task.Delay(100);
    }

    async Task<bool> PortOpenAsync()
    {
        using var client = new System.Net.Sockets.TcpClient();
        try { await client.ConnectAsync("127.0.0.1", port); return true; }
        catch (System.Net.Sockets.SocketException) { return false; }
    }
}
