using System.Globalization;
using NpgsqlTypes;

namespace Orchestrator.Core.Sources.Postgres.Changes;

/// <summary>WAL positions as PostgreSQL prints them (X/Y) and as text that sorts in WAL order (16 hex digits).</summary>
public static class Lsn
{
    public static NpgsqlLogSequenceNumber Parse(string text) => NpgsqlLogSequenceNumber.Parse(text);

    public static string SortKey(string text) => ((ulong)Parse(text)).ToString("X16", CultureInfo.InvariantCulture);

    public static long Distance(string from, string to)
    {
        var (a, b) = ((ulong)Parse(from), (ulong)Parse(to));
        return b > a ? (long)(b - a) : 0;
    }

    public static string Max(string a, string b) => Parse(a) >= Parse(b) ? a : b;
}
