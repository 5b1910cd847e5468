using System.Data.Common;
using System.Text.RegularExpressions;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Which Oracle errors are worth retrying, by ORA- number (this project sees ODP.NET only as ADO.NET, so the number
/// is read from the message, where the provider always puts it first): lost connections, listeners and instances
/// away or starting, deadlocks and resource waits.
/// </summary>
public sealed partial class OracleErrors : ITransientErrors
{
    public static readonly OracleErrors Instance = new();

    static readonly HashSet<int> TransientNumbers =
    [
        51,    // timeout occurred while waiting for a resource
        60,    // deadlock detected while waiting for resource
        1033,  // ORACLE initialization or shutdown in progress
        1034,  // ORACLE not available
        1089,  // immediate shutdown or close in progress
        3113,  // end-of-file on communication channel
        3114,  // not connected to ORACLE
        3135,  // connection lost contact
        12170, // TNS: connect timeout occurred
        12514, // TNS: listener does not currently know of service requested
        12528, // TNS: listener: all appropriate instances are blocking new connections
        12535, // TNS: operation timed out
        12537, // TNS: connection closed
        12541, // TNS: no listener
        12571, // TNS: packet writer failure
        25408, // can not safely replay call
    ];

    // Any other number is left to the generic rules (a broken transport still shows as an inner IOException).
    public bool? IsTransient(Exception e) =>
        e is DbException db && Number(db.Message) is { } number && TransientNumbers.Contains(number) ? true : null;

    /// <summary>The first ORA- number in a message, or null when it has none (the error is not Oracle's).</summary>
    public static int? Number(string message) =>
        OraNumber().Match(message) is { Success: true } match
            ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"\bORA-(\d{5})\b")]
    private static partial Regex OraNumber();
}
