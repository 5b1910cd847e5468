using System.Net.Sockets;
using Npgsql;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Target;

/// <summary>Which PostgreSQL errors are worth retrying: lost connections, restarts, deadlocks, a server out of room for sessions.</summary>
public sealed class PostgresErrors : ITransientErrors
{
    public static readonly PostgresErrors Instance = new();

    static readonly HashSet<string> TransientSqlStates =
    [
        "08000", "08001", "08003", "08004", "08006", "08P01", // connection exceptions
        "40001", "40P01",                                     // serialization failure, deadlock
        "53000", "53200", "53300",                            // insufficient resources, out of memory, too many connections
        "57P01", "57P02", "57P03",                            // admin shutdown, crash shutdown, cannot connect now
        "55P03",                                              // lock not available
    ];

    public bool? IsTransient(Exception e) => e switch
    {
        PostgresException pg => TransientSqlStates.Contains(pg.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        _ => null,
    };
}
