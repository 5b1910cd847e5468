using Microsoft.Data.SqlClient;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// Sorts SQL Server errors into "not there", "not allowed", "not supported" and everything else, by error number
/// (sys.messages), with the message as the last resort for engines that speak T-SQL with their own numbers. Only the
/// first three let an optional probe fall back; a deadlock, a timeout or a lost connection is never a refusal.
/// </summary>
public static class SqlServerRefusals
{
    static readonly Dictionary<int, ServerRefusal> ByNumber = new()
    {
        [207] = ServerRefusal.Missing,        // Invalid column name (a catalog column older versions lack)
        [208] = ServerRefusal.Missing,        // Invalid object name
        [195] = ServerRefusal.Missing,        // '...' is not a recognized built-in function name
        [1088] = ServerRefusal.Missing,       // Cannot find the object because it does not exist or you do not have permissions
        [2812] = ServerRefusal.Missing,       // Could not find stored procedure
        [4121] = ServerRefusal.Missing,       // Cannot find either column or the user-defined function or aggregate
        [15151] = ServerRefusal.Missing,      // Cannot find the object because it does not exist or you do not have permission
        [229] = ServerRefusal.Denied,         // The SELECT/EXECUTE permission was denied on the object
        [230] = ServerRefusal.Denied,         // The SELECT permission was denied on the column
        [262] = ServerRefusal.Denied,         // ... permission denied in database
        [297] = ServerRefusal.Denied,         // The user does not have permission to perform this action
        [300] = ServerRefusal.Denied,         // VIEW SERVER STATE / VIEW DATABASE STATE permission was denied on object
        [916] = ServerRefusal.Denied,         // The server principal is not able to access the database (msdb)
        [15247] = ServerRefusal.Denied,       // User does not have permission to perform this action
        [102] = ServerRefusal.Unsupported,    // Incorrect syntax near ... (%%physloc%% on engines without it)
        [156] = ServerRefusal.Unsupported,    // Incorrect syntax near the keyword ...
        [10794] = ServerRefusal.Unsupported,  // The ... is not supported with ...
        [40508] = ServerRefusal.Unsupported,  // USE statement is not supported to switch between databases (Azure SQL Database)
        [40511] = ServerRefusal.Unsupported,  // Built-in function ... is not supported in this version of SQL Server
        [40515] = ServerRefusal.Unsupported,  // Reference to database and/or server name is not supported in this version
    };

    static readonly string[] UnsupportedWords = ["not supported", "not currently supported", "unsupported", "syntax error"];

    /// <summary>One server error: its number decides; an unknown number with a message in these words still counts.</summary>
    public static ServerRefusal Classify(int number, string message)
    {
        if (ByNumber.TryGetValue(number, out var refusal)) return refusal;
        if (number <= 0) return ServerRefusal.None; // raised by the client (network, timeout, cancellation), not the server
        if (UnsupportedWords.Any(w => message.Contains(w, StringComparison.OrdinalIgnoreCase))) return ServerRefusal.Unsupported;
        if (message.Contains("permission", StringComparison.OrdinalIgnoreCase)
            && message.Contains("denied", StringComparison.OrdinalIgnoreCase))
            return ServerRefusal.Denied;
        if (message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)) return ServerRefusal.Missing;
        return ServerRefusal.None;
    }

    /// <summary>The first refusal among a failure's errors (SQL Server may follow a 208 with 8180 "could not be prepared").</summary>
    public static (ServerRefusal Refusal, int Number, string Message) Classify(IEnumerable<(int Number, string Message)> errors)
    {
        foreach (var (number, message) in errors)
            if (Classify(number, message) is not ServerRefusal.None and var refusal) return (refusal, number, message);
        return (ServerRefusal.None, 0, "");
    }

    public static IEnumerable<(int Number, string Message)> Errors(SqlException e)
        => e.Errors.Cast<SqlError>().Select(x => (x.Number, x.Message));
}
