using Npgsql;

namespace Orchestrator.FunctionsTests.Infrastructure;

/// <summary>A fresh database on the ORCH_TEST_PG server, dropped at the end (a trimmed copy of the integration tests' helper).</summary>
sealed class TestDatabase : IAsyncDisposable
{
    readonly string _admin;

    TestDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string admin, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", connection).ExecuteNonQueryAsync();
        return new TestDatabase(admin, name);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return (T)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection) { CommandTimeout = 600 }.ExecuteNonQueryAsync();
    }

    /// <summary>Per user table (each partition on its own): row count and a digest of its rows sorted as text.</summary>
    public async Task<Dictionary<string, string>> FingerprintAsync()
    {
        const string tables = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', '_migrator') AND n.nspname NOT LIKE 'pg\_%'
            ORDER BY 1
            """;
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var reader = await new NpgsqlCommand(tables, connection).ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        var result = new Dictionary<string, string>();
        foreach (var table in names)
            result[table] = (string)(await new NpgsqlCommand(
                "SELECT count(*) || ' rows, ' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '-') " +
                $"FROM ONLY {table} t", connection).ExecuteScalarAsync())!;
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
    }
}
