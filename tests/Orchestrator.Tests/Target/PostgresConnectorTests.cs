using Npgsql;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Target;

public class PostgresConnectorTests
{
    static NpgsqlConnectionStringBuilder Built(string connectionString)
    {
        var connector = new PostgresConnector();
        return new NpgsqlConnectionStringBuilder(connector.Get(connectionString).ConnectionString);
    }

    [Fact]
    public void Copy_streams_get_64_KiB_buffers_unless_the_connection_string_sets_its_own()
    {
        var defaults = Built("Host=h;Username=u;Database=d");
        Assert.Equal(65536, defaults.ReadBufferSize);
        Assert.Equal(65536, defaults.WriteBufferSize);

        var own = Built("Host=h;Username=u;Database=d;Read Buffer Size=16384;Write Buffer Size=32768");
        Assert.Equal(16384, own.ReadBufferSize);
        Assert.Equal(32768, own.WriteBufferSize);
        Assert.Equal(16384, Built("Host=h;Username=u;Database=d;ReadBufferSize=16384").ReadBufferSize); // Npgsql's other spelling
    }
}
