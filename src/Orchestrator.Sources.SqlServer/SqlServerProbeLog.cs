using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// Runs optional probes: a refusal (<see cref="SqlServerRefusals"/>) is recorded with the server's message and the
/// probe's fallback is used; any other failure propagates as it would anywhere else.
/// </summary>
public sealed class SqlServerProbeLog
{
    readonly List<UnavailableProbe> _unavailable = [];

    public IReadOnlyList<UnavailableProbe> Unavailable
    {
        get { lock (_unavailable) return UnavailableProbe.Merge(_unavailable); }
    }

    public async Task<T> RunAsync<T>(SqlServerProbe probe, Func<Task<T>> query, T fallback, string? table = null)
    {
        try
        {
            return await query();
        }
        catch (SqlException e)
        {
            if (!Refused(probe, SqlServerRefusals.Errors(e), table)) throw;
            return fallback;
        }
    }

    /// <summary>Records the probe as unavailable when the errors are a refusal; false (record nothing) otherwise.</summary>
    public bool Refused(SqlServerProbe probe, IEnumerable<(int Number, string Message)> errors, string? table = null)
    {
        var (refusal, number, message) = SqlServerRefusals.Classify(errors);
        if (refusal == ServerRefusal.None) return false;
        lock (_unavailable) _unavailable.Add(probe.Unavailable(number, message, table));
        return true;
    }
}
