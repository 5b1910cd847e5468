using Microsoft.Data.SqlClient;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// Which SQL Server errors are worth retrying, by error number: deadlocks and lock timeouts, a command or connection
/// timeout, Azure SQL moving or throttling a database, and connections broken at the transport.
/// </summary>
public sealed class SqlServerErrors : ITransientErrors
{
    public static readonly SqlServerErrors Instance = new();

    // As SqlClient's own retry logic lists them (SqlConfigurableRetryFactory.BaselineTransientErrors), plus -2, the
    // client-side timeout: 1204/1205/1222 locks and deadlocks; 4060/4221 a database not reachable yet during failover; 40xxx
    // and 49918-49920 Azure SQL reconfiguring, busy or throttling; 10053/10054/10060/997/233/64/20/0 transport breaks.
    static readonly HashSet<int> TransientNumbers =
    [
        -2, 0, 20, 64, 233, 997, 1204, 1205, 1222, 4060, 4221, 10053, 10054, 10060, 10928, 10929,
        40143, 40197, 40501, 40540, 40613, 49918, 49919, 49920,
    ];

    // Any other number is left to the generic rules (a broken transport still shows as an inner IOException).
    public bool? IsTransient(Exception e) =>
        e is SqlException sql && sql.Errors.Cast<SqlError>().Any(error => IsTransientNumber(error.Number)) ? true : null;

    /// <summary>Whether one error number is worth retrying.</summary>
    public static bool IsTransientNumber(int number) => TransientNumbers.Contains(number);
}
