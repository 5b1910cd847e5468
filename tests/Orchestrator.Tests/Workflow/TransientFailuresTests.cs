using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Sources.SqlServer;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Tests.Workflow;

public class TransientFailuresTests
{
    [Theory]
    [InlineData(503, null, true)]
    [InlineData(429, null, true)]
    [InlineData(404, "ContainerNotFound", true)]   // the store recreates it on the next attempt
    [InlineData(412, "ConditionNotMet", true)]     // a retried blob commit whose first try was applied
    [InlineData(404, "BlobNotFound", false)]
    [InlineData(403, "AuthorizationFailure", false)]
    public void Storage_failures_are_classified(int status, string? code, bool transient) =>
        Assert.Equal(transient, TransientFailures.IsTransient(new Azure.RequestFailedException(status, "x", code, null)));

    [Fact]
    public void Io_failures_are_transient_and_bad_data_is_not()
    {
        Assert.True(TransientFailures.IsTransient(new IOException("reset")));
        Assert.False(TransientFailures.IsTransient(new InvalidOperationException("bug")));
    }

    [Theory]
    [InlineData("40P01", true)]   // deadlock
    [InlineData("57P01", true)]   // admin shutdown
    [InlineData("23505", false)]  // unique violation
    [InlineData("42P01", false)]  // undefined table
    public void Postgres_errors_are_classified_by_sql_state(string sqlState, bool transient) =>
        Assert.Equal(transient, TransientFailures.IsTransient(new PostgresException("x", "ERROR", "ERROR", sqlState)));

    [Theory]
    [InlineData(1205, true)]   // deadlock victim
    [InlineData(1222, true)]   // lock request timeout
    [InlineData(-2, true)]     // command timeout
    [InlineData(40613, true)]  // Azure SQL database not currently available
    [InlineData(40501, true)]  // Azure SQL service busy
    [InlineData(49918, true)]  // not enough resources
    [InlineData(2627, false)]  // unique key violation
    [InlineData(208, false)]   // invalid object name
    public void Sql_server_error_numbers_are_classified(int number, bool transient) =>
        Assert.Equal(transient, SqlServerErrors.IsTransientNumber(number));

    [Fact]
    public async Task A_sql_server_that_does_not_answer_is_transient()
    {
        // A real SqlException: nothing listens on this port, so the connection fails at the transport.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var connection = new SqlConnection($"Server=tcp:127.0.0.1,{port};Connect Timeout=2;Encrypt=False;ConnectRetryCount=0");
        var error = await Assert.ThrowsAsync<SqlException>(() => connection.OpenAsync());
        Assert.True(TransientFailures.IsTransient(error));
    }

    [Theory]
    [InlineData("ORA-03113: end-of-file on communication channel", true)]
    [InlineData("ORA-03114: not connected to ORACLE", true)]
    [InlineData("ORA-12541: TNS:no listener", true)]
    [InlineData("ORA-00060: deadlock detected while waiting for resource", true)]
    [InlineData("ORA-00942: table or view does not exist", false)]
    [InlineData("ORA-01722: invalid number", false)]
    public void Oracle_errors_are_classified_by_their_number(string message, bool transient) =>
        Assert.Equal(transient, TransientFailures.IsTransient(new ProviderError(message)));

    [Fact]
    public void The_oracle_number_is_read_from_the_start_of_the_message()
    {
        Assert.Equal(3113, OracleErrors.Number("ORA-03113: end-of-file on communication channel"));
        Assert.Null(OracleErrors.Number("connection refused"));
    }

    /// <summary>An ADO.NET provider's error as ODP.NET raises it (this build carries no Oracle provider).</summary>
    sealed class ProviderError(string message) : DbException(message);
}
