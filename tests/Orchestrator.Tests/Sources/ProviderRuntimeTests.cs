using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Sources.SqlServer;

namespace Orchestrator.Tests.Sources;

/// <summary>
/// What the source drivers need from the .NET runtime. Microsoft.Data.SqlClient opens no connection in globalization
/// invariant mode (NotSupportedException); ODP.NET Core is ".NET locale sensitive": it sets the session's language
/// and territory from the process culture, so the Oracle SQL pins every number and date format it reads as text.
/// </summary>
public class ProviderRuntimeTests
{
    static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Sql_client_reaches_the_network_and_reports_a_refused_port_as_a_network_error()
    {
        await using var connection = new SqlConnection(
            $"Server=tcp:127.0.0.1,{ClosedPort()};User Id=u;Password=p;Connect Timeout=2;Encrypt=false");

        var error = await Assert.ThrowsAsync<SqlException>(() => connection.OpenAsync());

        Assert.Contains("network-related", error.Message);
        // Not a refusal an optional probe may fall back on: it fails the run, and the probe log records nothing.
        var probes = new SqlServerProbeLog();
        await Assert.ThrowsAsync<SqlException>(() => probes.RunAsync(SqlServerProbes.Histograms, () => Task.FromException<int>(error), 0));
        Assert.Empty(probes.Unavailable);
    }

    [Fact]
    public void Every_host_runs_with_culture_data()
    {
        Assert.False(AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant);
        // Invariant mode refuses to create any culture but the invariant one.
        Assert.Equal(",", CultureInfo.GetCultureInfo("de-DE").NumberFormat.NumberDecimalSeparator);
        var migrator = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "migrator.runtimeconfig.json"));
        Assert.DoesNotContain("\"System.Globalization.Invariant\": true", migrator);

        // No project (the CLI, the Functions app, any test host) switches it back on.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Orchestrator.sln"))) root = root.Parent!;
        var settings = root.EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Name is "Directory.Build.props" or "Directory.Build.targets" or "runtimeconfig.template.json"
                || f.Extension == ".csproj")
            .Where(f => !f.FullName.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.FullName.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(settings, f => f.Name == "Directory.Build.props");
        foreach (var file in settings)
        {
            var text = File.ReadAllText(file.FullName);
            Assert.DoesNotContain("<InvariantGlobalization>true", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"System.Globalization.Invariant\": true", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(OracleRead.NumberText, "NLS_NUMERIC_CHARACTERS=''.,''")]
    [InlineData(OracleRead.DateText, OracleValueText.DateFormat)]
    [InlineData(OracleRead.TimestampText, OracleValueText.TimestampFormat)]
    [InlineData(OracleRead.TimestampUtcText, OracleValueText.TimestampFormat)]
    public void Oracle_reads_numbers_and_dates_as_text_in_a_fixed_format_whatever_the_session_territory(OracleRead read, string pinned) =>
        Assert.Contains(pinned, OracleChunkQuery.ReadExpression("\"C\"", read));
}
