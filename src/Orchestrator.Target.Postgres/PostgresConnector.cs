using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Npgsql;

namespace Orchestrator.Core.Target;

/// <summary>
/// One pooled data source per connection string. Azure Database for PostgreSQL without a password in the connection
/// string gets a fresh Entra token as its password (DefaultAzureCredential: managed identity in Azure).
/// </summary>
public sealed class PostgresConnector : IAsyncDisposable
{
    static readonly string[] EntraScopes = ["https://ossrdbms-aad.database.windows.net/.default"];
    readonly ConcurrentDictionary<string, NpgsqlDataSource> _sources = new();

    internal const string PinnedTextSettings = "-c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=3 -c " +
        "bytea_output=hex -c TimeZone=UTC -c standard_conforming_strings=on -c xmloption=content";

    const int BufferSize = 1 << 16;
    static readonly NpgsqlConnectionStringBuilder NpgsqlDefaults = new();

    public NpgsqlDataSource Get(string connectionString) => _sources.GetOrAdd(connectionString, Create);

    static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var cs = builder.ConnectionStringBuilder;
        cs.ApplicationName ??= "migrator";
        // COPY of wide rows and index builds outlast Npgsql's 30 s default; cancellation is ours to do.
        cs.CommandTimeout = 0;
        cs.IncludeErrorDetail = false;
        // Chunks stream through COPY in 64 KiB pieces: with buffers of that size (Npgsql's default is 8 KiB) a 2M-row
        // run made half the recvfrom calls (strace -c). A size the connection string sets, under
        // any of its spellings, wins (one equal to Npgsql's default cannot be told from no setting).
        if (cs.ReadBufferSize == NpgsqlDefaults.ReadBufferSize) cs.ReadBufferSize = BufferSize;
        if (cs.WriteBufferSize == NpgsqlDefaults.WriteBufferSize) cs.WriteBufferSize = BufferSize;
        // Text-format COPY (the fallback for non-portable binary types) must print values the same way on both
        // sides, whatever the server's or role's defaults: pin every setting that changes text output.
        cs.Options = string.Join(' ', new[] { cs.Options, PinnedTextSettings }.Where(o => !string.IsNullOrWhiteSpace(o)));
        if (string.IsNullOrEmpty(cs.Password)
            && cs.Host?.EndsWith(".postgres.database.azure.com", StringComparison.OrdinalIgnoreCase) == true)
        {
            var credential = new DefaultAzureCredential();
            builder.UsePeriodicPasswordProvider(async (_, ct) =>
                (await credential.GetTokenAsync(new TokenRequestContext(EntraScopes), ct)).Token,
                TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5));
        }
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values) await source.DisposeAsync();
        _sources.Clear();
    }
}
