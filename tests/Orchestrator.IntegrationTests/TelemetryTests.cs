using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>The command-line host sends its spans to an OpenTelemetry collector (OTLP over HTTP) when one is configured.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task Migrator_exports_activity_spans_with_the_migration_id_over_otlp()
    {
        await using var scenario = await Scenario.CreateAsync("otlp",
            "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'v' FROM generate_series(1, 500) g;");
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentBag<(string Path, byte[] Body)>();
        var serving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try { context = await collector.GetContextAsync(); }
                catch (HttpListenerException) { return; }
                catch (ObjectDisposedException) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        var migrations = scenario.Migrations;
        migrations.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}";
        migrations.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";

        var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--id", "otlp-run");
        collector.Stop();

        Assert.True(run.ExitCode == 0, run.ToString());
        var traces = received.Where(r => r.Path == "/v1/traces").Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.NotEmpty(traces);
        var all = string.Concat(traces);
        Assert.Contains("ExtractChunk", all);
        Assert.Contains("LoadChunk", all);
        Assert.Contains("otlp-run", all); // the migration.id tag
        Assert.DoesNotContain(TestServers.Password is { Length: > 0 } p ? p : "\u0001", all);
    }

    static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
