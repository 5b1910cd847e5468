using Orchestrator.Core.Sources.Ado;
using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// The text forms the chunk and aggregate SELECTs produce (TO_CHAR with fixed formats, never the session's NLS
/// settings), turned into PostgreSQL's binary units, or into PostgreSQL's own text output for the pinned target
/// session (DateStyle ISO, IntervalStyle postgres, TimeZone UTC, extra_float_digits 3) so aggregates compare as text.
/// Sub-microsecond digits are truncated: the one rule for encoder and aggregates.
/// </summary>
public static class OracleValueText
{
    /// <summary>TO_CHAR format of DATE and TIMESTAMP values: signed year (BC is negative), nine fraction digits.</summary>
    public const string TimestampFormat = "SYYYY-MM-DD HH24:MI:SS.FF9";
    public const string DateFormat = "SYYYY-MM-DD HH24:MI:SS";

    const long MicrosPerDay = 86_400_000_000L;
    static readonly long PgEpochDay = DaysFromCivil(2000, 1, 1);

    readonly record struct Parts(long Year, int Month, int Day, int Hour, int Minute, int Second, long Micros);

    /// <summary>Microseconds since 2000-01-01 00:00 (PostgreSQL's timestamp) of an Oracle date-time text.</summary>
    public static long TimestampMicroseconds(string text)
    {
        var p = Parse(text);
        // Oracle has no year 0: -1 is 1 BC, which is PostgreSQL's (and the proleptic calendar's) year 0.
        var days = DaysFromCivil(p.Year < 0 ? p.Year + 1 : p.Year, p.Month, p.Day) - PgEpochDay;
        return days * MicrosPerDay + ((p.Hour * 60L + p.Minute) * 60 + p.Second) * 1_000_000 + p.Micros;
    }

    /// <summary>How PostgreSQL prints the timestamp (or, with the zone, the UTC timestamptz) this text becomes.</summary>
    public static string PgTimestamp(string text, bool withZone)
    {
        var p = Parse(text);
        var bc = p.Year < 0;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Math.Abs(p.Year):D4}-{p.Month:D2}-{p.Day:D2} {p.Hour:D2}:{p.Minute:D2}:{p.Second:D2}");
        if (p.Micros != 0) sb.Append('.').Append(p.Micros.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0'));
        if (withZone) sb.Append("+00");
        if (bc) sb.Append(" BC");
        return sb.ToString();
    }

    static Parts Parse(string text)
    {
        var t = text.Trim();
        var negative = t.StartsWith('-');
        if (negative || t.StartsWith('+')) t = t[1..].TrimStart();
        var dateTime = t.Split(' ', 2);
        var date = dateTime[0].Split('-');
        var time = dateTime.Length > 1 ? dateTime[1].Split(':') : ["0", "0", "0"];
        if (date.Length != 3 || time.Length != 3) throw new FormatException($"'{text}' is not an Oracle date-time in {TimestampFormat}");
        var secondParts = time[2].Split('.');
        var fraction = secondParts.Length > 1 ? secondParts[1] : "";
        var micros = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(6, '0')[..6], CultureInfo.InvariantCulture);
        var year = long.Parse(date[0], CultureInfo.InvariantCulture);
        return new Parts(negative ? -year : year, Int(date[1]), Int(date[2]), Int(time[0]), Int(time[1]), Int(secondParts[0]), micros);

        static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    }

    // Days from 1970-01-01 in the proleptic Gregorian calendar, for any astronomical year (H. Hinnant's algorithm).
    static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /// <summary>"days micros" as the INTERVAL DAY TO SECOND read expression produces it (both carry the interval's sign).</summary>
    public static (int Days, long Micros) IntervalDaySecond(string text)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>PostgreSQL's interval output (IntervalStyle postgres), e.g. "1 year 2 mons 3 days 04:05:06.5".</summary>
    public static string PgInterval(int months, int days, long micros)
    {
        var parts = new List<string>();
        void Part(long value, string unit)
        {
            if (value != 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value} {unit}{(value == 1 ? "" : "s")}"));
        }
        Part(months / 12, "year");
        Part(months % 12, "mon");
        Part(days, "day");
        if (micros != 0 || parts.Count == 0)
        {
            var abs = Math.Abs(micros);
            var fraction = abs % 1_000_000;
            var time = string.Create(CultureInfo.InvariantCulture,
                $"{(micros < 0 ? "-" : "")}{abs / 3_600_000_000:D2}:{abs / 60_000_000 % 60:D2}:{abs / 1_000_000 % 60:D2}");
            if (fraction != 0) time += "." + fraction.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
            parts.Add(time);
        }
        return string.Join(' ', parts);
    }

    /// <summary>
    /// PostgreSQL's numeric output for a number Oracle printed with TO_CHAR(n, 'TM9') (".5", "-1E+100"): a leading
    /// zero, and exactly <paramref name="scale"/> fraction digits when the column has a scale (numeric(p,s) pads).
    /// </summary>
    public static string PgNumeric(string text, int? scale)
    {
        var t = text.Trim();
        var negative = t.StartsWith('-');
        if (negative || t.StartsWith('+')) t = t[1..];
        var exponent = 0;
        var e = t.IndexOfAny(['e', 'E']);
        if (e >= 0) { exponent = int.Parse(t[(e + 1)..], CultureInfo.InvariantCulture); t = t[..e]; }
        var point = t.IndexOf('.');
        var digits = point < 0 ? t : t.Remove(point, 1);
        var pointAt = (point < 0 ? t.Length : point) + exponent;
        if (pointAt < 0) { digits = new string('0', -pointAt) + digits; pointAt = 0; }
        if (pointAt > digits.Length) digits = digits.PadRight(pointAt, '0');
        var integer = digits[..pointAt].TrimStart('0');
        var fraction = digits[pointAt..];
        if (scale is { } s) fraction = fraction.Length > s ? fraction[..s] : fraction.PadRight(s, '0');
        if (integer.Length == 0) integer = "0";
        var zero = integer == "0" && fraction.All(c => c == '0');
        return (negative && !zero ? "-" : "") + integer + (fraction.Length > 0 ? "." + fraction : "");
    }

    /// <summary>The number of fraction digits PostgreSQL keeps for this TM9 text (numeric input keeps the written scale).</summary>
    public static int DisplayScale(string text)
    {
        var t = text.Trim();
        var e = t.IndexOfAny(['e', 'E']);
        var exponent = e < 0 ? 0 : int.Parse(t[(e + 1)..], CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? t : t[..e];
        var point = mantissa.IndexOf('.');
        return Math.Max(0, (point < 0 ? 0 : mantissa.Length - point - 1) - exponent);
    }

    public static string PgFloat8(double value) => PgFloatText.Float8(value);

    public static string PgFloat4(float value) => PgFloatText.Float4(value);

    /// <summary>uuid text from RAWTOHEX (upper-case, no dashes).</summary>
    public static string PgUuid(string hex)
    {
        var h = hex.Trim().ToLowerInvariant();
        return h.Length != 32 ? h : $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }
}
