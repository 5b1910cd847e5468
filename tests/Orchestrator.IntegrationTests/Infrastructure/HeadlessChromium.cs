using System.Diagnostics;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// Renders a page in headless Chromium and returns the DOM it built. eng/test installs the Debian package; a machine
/// without it fails the test, unless ORCH_SKIP_BROWSER=1 says to skip it (the reason is reported).
/// </summary>
static class HeadlessChromium
{
    public static string Binary()
    {
        var configured = Environment.GetEnvironmentVariable("ORCH_TEST_CHROMIUM");
        var found = !string.IsNullOrEmpty(configured) ? configured
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .SelectMany(dir => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(dir, name)))
                .FirstOrDefault(File.Exists);
        if (found is not null && File.Exists(found)) return found;
        if (Environment.GetEnvironmentVariable("ORCH_SKIP_BROWSER") == "1")
            Assert.Skip("chromium is not installed and ORCH_SKIP_BROWSER=1: the HTML assessment was not rendered in a browser");
        Assert.Fail("chromium is not installed (eng/test installs the Debian package 'chromium'; or set ORCH_TEST_CHROMIUM to its path). " +
            "Set ORCH_SKIP_BROWSER=1 to skip the browser tests deliberately.");
        return "";
    }

    public static async Task<string> DumpDomAsync(string htmlFile)
    {
        var profile = Directory.CreateTempSubdirectory("orch-chromium-");
        try
        {
            var info = new ProcessStartInfo(Binary())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                                 $"--user-data-dir={profile.FullName}", "--dump-dom", new Uri(htmlFile).AbsoluteUri },
            };
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish rendering within 2 minutes");
            }
            var dom = await stdout;
            Assert.True(process.ExitCode == 0 && dom.Length > 0, $"chromium exited {process.ExitCode}: {await stderr}");
            return dom;
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
