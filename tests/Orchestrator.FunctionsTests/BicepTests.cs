using System.Diagnostics;
using Orchestrator.FunctionsTests.Infrastructure;

namespace Orchestrator.FunctionsTests;

/// <summary>infra/ builds and lints with no warning (bicep reports type mistakes as warnings with exit code 0).</summary>
public class BicepTests
{
    [Fact]
    public async Task Infra_builds_and_lints_clean()
    {
        var script = Path.Combine(Repository.Root, "eng", "bicep-check");
        var info = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        if (process.ExitCode == 2)
            Assert.Skip("the bicep binary (NuGet Azure.Bicep.CommandLine.linux-x64) could not be obtained:\n" + output);
        Assert.True(process.ExitCode == 0, output);
    }
}
