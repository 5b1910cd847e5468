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
using Orchestrator.Core.Sources;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Chinook from a real Oracle into PostgreSQL. Needs ORCH_TEST_ORACLE (a connection string of an empty schema user,
/// e.g. "User Id=chinook;Password=chinook;Data Source=localhost:1521/FREEPDB1" against gvenzl/oracle-free), a host that
/// registers Oracle.ManagedDataAccess.Core as DbProviderFactories "Oracle.ManagedDataAccess.Client", and ORCH_TEST_PG.
/// </summary>
public class OracleMigrationTests
{
    static readonly string[] Tables =
        ["ALBUM", "ARTIST", "CUSTOMER", "EMPLOYEE", "GENRE", "INVOICE", "INVOICELINE", "MEDIATYPE", "PLAYLIST", "PLAYLISTTRACK", "TRACK"];

    [Fact]
    public async Task Chinook_migrates_from_oracle_and_validates()
    {
        var oracle = Environment.GetEnvironmentVariable("ORCH_TEST_ORACLE");
        if (string.IsNullOrWhiteSpace(oracle))
            Assert.Skip("ORCH_TEST_ORACLE is not set: start Oracle (docker run -p 1521:1521 -e ORACLE_PASSWORD=pw -e APP_USER=chinook " +
                "-e APP_USER_PASSWORD=chinook gvenzl/oracle-free) and set it to that user's connection string");
        OracleProvider.TryRegister();
        if (!DbProviderFactories.TryGetFactory(OracleSourceDialect.ProviderInvariantName, out var factory) || factory is null)
            Assert.Skip("the Oracle ADO.NET provider is not in this build: run the tests with -p:WithOracle=true " +
                "(needs nuget.org for Oracle.ManagedDataAccess.Core)");
        TestServers.RequirePostgres();
        var script = ChinookOracleScript();
        if (script is null) Assert.Skip("../shared/datasets/chinook/Chinook_Oracle.sql not found beside the repository");

        await using var source = factory!.CreateConnection()!;
        source.ConnectionString = oracle;
        await source.OpenAsync();
        foreach (var table in Tables)
            await ExecuteAsync(source,
                $"BEGIN EXECUTE IMMEDIATE 'DROP TABLE {table} CASCADE CONSTRAINTS PURGE'; EXCEPTION WHEN OTHERS THEN NULL; END;");
        foreach (var statement in script) await ExecuteAsync(source, statement);
        var owner = await ScalarAsync(source, "SELECT USER FROM DUAL");

        await using var target = await TestDatabase.CreateAsync("oracle");
        var spec = SpecLoader.Parse($$"""
            { "source": { "dialect": "oracle", "connection": "Legacy" }, "target": { "connection": "Modern" },
              "staging": { "kind": "local", "path": "{{Path.Combine(Path.GetTempPath(), "oracle-" + Guid.NewGuid().ToString("N"))}}" },
              "tables": { "include": ["{{owner}}.*"] }, "chunking": { "rowsPerChunk": 500, "maxParallel": 4 } }
            """, SourceDialects.Traits);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Legacy"] = oracle,
            ["ConnectionStrings:Modern"] = target.ConnectionString,
        }).Build();
        await using var services = new MigrationServices(new ConnectionResolver(configuration));
        var host = new EmbeddedWorkflowHost(ActivityCatalog.Create(services), spec.Chunking.MaxParallel);
        var result = await host.RunAsync<MigrationResult>(
            MigrationWorkflow.Name, "oracle-chinook", new MigrationInput("oracle-chinook", spec));

        Assert.True(result.Passed, string.Join("\n", result.ToString()));
        foreach (var table in Tables)
            Assert.Equal(long.Parse((await ScalarAsync(source, $"SELECT TO_CHAR(COUNT(*)) FROM {table}"))!, CultureInfo.InvariantCulture),
                await target.ScalarAsync<long>($"SELECT count(*) FROM \"{owner}\".\"{table}\""));
        Assert.Equal(await ScalarAsync(source, "SELECT TO_CHAR(SUM(TOTAL), 'TM9', 'NLS_NUMERIC_CHARACTERS=''.,''') FROM INVOICE"),
            await target.ScalarAsync<string>($"SELECT sum(\"TOTAL\")::text FROM \"{owner}\".\"INVOICE\""));
        Assert.Equal(await ScalarAsync(source, "SELECT NAME FROM ARTIST WHERE ARTISTID = 1"),
            await target.ScalarAsync<string>($"SELECT \"NAME\" FROM \"{owner}\".\"ARTIST\" WHERE \"ARTISTID\" = 1"));
        Assert.Equal(await ScalarAsync(source, "SELECT TO_CHAR(MAX(INVOICEDATE), 'YYYY-MM-DD HH24:MI:SS') FROM INVOICE"),
            await target.ScalarAsync<string>(
                $"SELECT to_char(max(\"INVOICEDATE\"), 'YYYY-MM-DD HH24:MI:SS') FROM \"{owner}\".\"INVOICE\""));
    }

    /// <summary>The script's statements after its CONNECT line, one per ';' at a line end (its strings hold no such ending).</summary>
    /// <summary>
    /// The Oracle types whose target form PostgreSQL normalises on input (JSON above all), read as the chunk SELECT
    /// hands them over and staged by the encoder: loaded and read back, the digest is the staged one. No Oracle needed.
    /// </summary>
    [Fact]
    public async Task Types_postgres_normalises_read_back_with_the_staged_digest()
    {
        TestServers.RequirePostgres();
        (OracleColumnType Type, Type Clr, object[] Values)[] columns =
        [
            (new("JSON"), typeof(string), ["""{"bb":1,"a":[1.0,2E2,-0.0],"bb":{"z":null,"y":"é"}}""", "[]", "\"x\""]),
            (new("NUMBER", 10, 2), typeof(string), ["12.5", "-0.01", "0"]),
            (new("NUMBER"), typeof(string), ["1.10", "123456789012345678901234567890.5", "-7"]),
            (new("CHAR", CharLength: 4, CharUsed: "C"), typeof(string), ["ab  ", "é   ", "abcd"]),
            (new("TIMESTAMP(9)"), typeof(string),
                [" 2024-02-29 13:05:00.123456789", " 0001-01-01 00:00:00.000000000", "-0100-03-01 12:00:00.500000000"]),
            (new("DATE"), typeof(string), [" 2024-02-29 13:05:00", " 9999-12-31 23:59:59", "-4712-01-01 00:00:00"]),
            (new("INTERVAL DAY(2) TO SECOND(6)", 2, 6), typeof(string), ["5 10800500000", "-1 -1", "0 0"]),
            (new("XMLTYPE"), typeof(string), ["<a b=\"1\"><c>x &amp; y</c></a>", "<a/>", "text only"]),
        ];
        await using var db = await TestDatabase.CreateAsync("oracle_types");
        var differences = new List<string>();
        foreach (var (column, i) in columns.Select((c, i) => (c, i)))
        {
            var mapping = OracleTypeMapping.Map(column.Type);
            var reader = new Orchestrator.Tests.Sources.SequentialAccessReader(
                [column.Clr], [.. column.Values.Select(v => new object?[] { v }), [null]]);
            using var output = new MemoryStream();
            var writer = new Orchestrator.Core.Sources.Ado.CopyRowWriter(output);
            writer.WriteHeader();
            var encoder = new OracleRowEncoder([new OracleReadColumn("V", mapping)]);
            while (await reader.ReadAsync()) await encoder.WriteRowAsync(reader, writer, CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
            var (staged, readBack) = await CopyRoundTrip.DigestsAsync(
                db, $"t{i}", $"v {mapping.Mapping.TargetType}", output.ToArray());
            if (staged != readBack)
                differences.Add($"{column.Type.DataType} -> {mapping.Mapping.TargetType}: staged {staged}, read back {readBack}");
        }
        Assert.Empty(differences);
    }

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
            .Select(s => System.Text.RegularExpressions.Regex.Replace(
                s, @"/\*.*?\*/", "", System.Text.RegularExpressions.RegexOptions.Singleline).Trim())
            .Where(s => s.Length > 0
                && !s.Equals("COMMIT", StringComparison.OrdinalIgnoreCase)
                && !s.StartsWith("exit", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    internal static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
