using System.Diagnostics;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>Runs a system command (mount, chmod, pg_ctl) and returns how it ended.</summary>
static class SystemCommand
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}: {Stderr.Trim()} {Stdout.Trim()}".Trim();
    }

    public static async Task<Result> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await OutputAsync(stdout), await OutputAsync(stderr));
    }

    /// <summary>What a command printed; a server it started (pg_ctl restart) keeps the pipe open, so only briefly waited for.</summary>
    static async Task<string> OutputAsync(Task<string> read)
    {
        try { return await read.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { return "(output still open: a process it started holds it)"; }
    }

    /// <summary>Runs the command and fails the test, naming it, when it does not succeed.</summary>
    public static async Task<Result> MustAsync(string file, params string[] args)
    {
        var result = await RunAsync(file, args);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {result}");
        return result;
    }
}
