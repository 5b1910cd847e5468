using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;

namespace Orchestrator.Cli;

/// <summary>
/// Runs socket continuations on .NET's epoll threads instead of handing each one to the thread pool, when every
/// connection of the run is one that is async all the way down.
/// </summary>
/// <remarks>
/// A COPY stream wakes the migrator every 10-30 KB; each wake-up handed to the thread pool is a futex wake, spinning
/// and context switches. Inline, the migrator's system CPU halved and its total CPU fell about 20% (eng/bench).
/// The cost: a continuation that blocked on another socket's I/O would wait for the epoll thread it runs on. Npgsql and
/// the Azure SDK do not block in their async paths (except NpgsqlTransaction's savepoint methods in Npgsql 10, which
/// read their reply synchronously: Core writes SAVEPOINT in SQL); SqlClient and ODP.NET can, so SQL Server and Oracle
/// sources keep the default. The runtime reads the switch when the first socket is made: call this before any connection opens.
/// </remarks>
static class SocketCompletions
{
    public const string Switch = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>True when this spec's run may inline; what the user set in the environment always wins.</summary>
    public static bool MayInline(MigrationSpec spec, string? userSetting) =>
        string.IsNullOrEmpty(userSetting) && SourceDialects.TraitsOf(spec.Source).AsyncThroughout;

    public static MigrationSpec For(MigrationSpec spec)
    {
        if (MayInline(spec, Environment.GetEnvironmentVariable(Switch))) Environment.SetEnvironmentVariable(Switch, "1");
        return spec;
    }
}
