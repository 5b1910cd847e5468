using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Chinook from a real Oracle into PostgreSQL. Needs ORCH_TEST_ORACLE (a connection string of an empty schema user,
/// e.g. "User Id=chinook;Password=chinook;Data Source=localhost:1521/FREEPDB1" against gvenzl/oracle-free), a host that
/// registers Oracle.ManagedDataAccess.Core as DbProviderFactories "Oracle.ManagedDataAccess.Client", and ORCH_TEST_PG.
/// </summary>
public class OracleMigrationTests
{
    static readonly string[] Tables = ["ALBUM", "ARTIST", "CUSTOMER", "EMPLOYEE", "GENRE", "INVOICE", "INVOICELINE", "MEDIATYPE", "PLAYLIST", "PLAYLISTTRACK", "TRACK"];

    [Fact]
    public async Task Chinook_migrates_from_oracle_and_validates()
    {
        var oracle = Environment.GetEnvironmentVariable("ORCH_TEST_ORACLE");
        if (string.IsNullOrWhiteSpace(oracle))
            Assert.Skip("ORCH_TEST_ORACLE is not set: start Oracle (docker run -p 1521:1521 -e ORACLE_PASSWORD=pw -e APP_USER=chinook -e APP_USER_PASSWORD=chinook gvenzl/oracle-free) and set it to that user's connection string");
        OracleProvider.TryRegister();
        if (!DbProviderFactories.TryGetFactory(OracleSourceDialect.ProviderInvariantName, out var factory) || factory is null)
            Assert.Skip("the Oracle ADO.NET provider is not in this build: run the tests with -p:WithOracle=true (needs nuget.org for Oracle.ManagedDataAccess.Core)");
        TestServers.RequirePostgres();
        var script = ChinookOracleScript();
        if (script is null) Assert.Skip("../shared/datasets/chinook/Chinook_Oracle.sql not found beside the repository");

        await using var source = factory!.CreateConnection()!;
        source.ConnectionString = oracle;
        await source.OpenAsync();
        foreach (var table in Tables)
            await ExecuteAsync(source, $"BEGIN EXECUTE IMMEDIATE 'DROP TABLE {table} CASCADE CONSTRAINTS PURGE'; EXCEPTION WHEN OTHERS THEN NULL; END;");
        foreach (var statement in script) await ExecuteAsync(source, statement);
        var owner = await ScalarAsync(source, "SELECT USER FROM DUAL");

        await using var target = await TestDatabase.CreateAsync("oracle");
        var spec = SpecLoader.Parse($$"""
            { "source": { "dialect": "oracle", "connection": "Legacy" }, "target": { "connection": "Modern" },
              "staging": { "kind": "local", "path": "{{Path.Combine(Path.GetTempPath(), "oracle-" + Guid.NewGuid().ToString("N"))}}" },
              "tables": { "include": ["{{owner}}.*"] }, "chunking": { "rowsPerChunk": 500, "maxParallel": 4 } }
            """);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Legacy"] = oracle,
            ["ConnectionStrings:Modern"] = target.ConnectionString,
        }).Build();
        await using var services = new MigrationServices(new ConnectionResolver(configuration));
        var host = new EmbeddedWorkflowHost(ActivityCatalog.Create(services), spec.Chunking.MaxParallel);
        var result = await host.RunAsync<MigrationResult>(MigrationWorkflow.Name, "oracle-chinook", new MigrationInput("oracle-chinook", spec));

        Assert.True(result.Passed, string.Join("\n", result.ToString()));
        foreach (var table in Tables)
            Assert.Equal(long.Parse((await ScalarAsync(source, $"SELECT TO_CHAR(COUNT(*)) FROM {table}"))!, CultureInfo.InvariantCulture),
                await target.ScalarAsync<long>($"SELECT count(*) FROM \"{owner}\".\"{table}\""));
        Assert.Equal(await ScalarAsync(source, "SELECT TO_CHAR(SUM(TOTAL), 'TM9', 'NLS_NUMERIC_CHARACTERS=''.,''') FROM INVOICE"),
            await target.ScalarAsync<string>($"SELECT sum(\"TOTAL\")::text FROM \"{owner}\".\"INVOICE\""));
        Assert.Equal(await ScalarAsync(source, "SELECT NAME FROM ARTIST WHERE ARTISTID = 1"),
            await target.ScalarAsync<string>($"SELECT \"NAME\" FROM \"{owner}\".\"ARTIST\" WHERE \"ARTISTID\" = 1"));
        Assert.Equal(await ScalarAsync(source, "SELECT TO_CHAR(MAX(INVOICEDATE), 'YYYY-MM-DD HH24:MI:SS') FROM INVOICE"),
            await target.ScalarAsync<string>($"SELECT to_char(max(\"INVOICEDATE\"), 'YYYY-MM-DD HH24:MI:SS') FROM \"{owner}\".\"INVOICE\""));
    }

    /// <summary>The script's statements after its CONNECT line, one per ';' at a line end (its strings hold no such ending).</summary>
    static List<string>? ChinookOracleScript()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) dir = dir.Parent;
        var file = dir?.Parent is { } parent ? Path.Combine(parent.FullName, "shared", "datasets", "chinook", "Chinook_Oracle.sql") : null;
        if (file is null || !File.Exists(file)) return null;
        var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = text.IndexOf("\nCONNECT ", StringComparison.Ordinal);
        if (start < 0) return null;
        text = text[(text.IndexOf('\n', start + 1) + 1)..];
        return text.Split(";\n")
            .Select(s => string.Join('\n', s.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Select(s => System.Text.RegularExpressions.Regex.Replace(s, @"/\*.*?\*/", "", System.Text.RegularExpressions.RegexOptions.Singleline).Trim())
            .Where(s => s.Length > 0 && !s.Equals("COMMIT", StringComparison.OrdinalIgnoreCase) && !s.StartsWith("exit", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
