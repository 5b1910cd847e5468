using System.Globalization;
using System.Numerics;
using System.Text;

namespace Orchestrator.Core.Validation;

/// <summary>
/// PostgreSQL's text output of binary COPY values, as a session with our pinned settings prints them (DateStyle ISO,
/// TimeZone UTC, extra_float_digits above 0): aggregates measured from a read-back stream must read exactly like the
/// same aggregates computed in SQL. Checked value by value against the server (StreamMeasuresTests).
/// </summary>
public static class PostgresTextOutput
{
    const long MicrosPerDay = 86_400_000_000;
    const long DaysFrom1970To2000 = 10_957; // PostgreSQL's dates and timestamps count from 2000-01-01

    /// <summary>float8: the shortest digits that read back exactly, fixed-point for decimal exponents -4 to 14.</summary>
    public static string Float8(double value)
        => double.IsFinite(value) ? Layout(Shortest(value, single: false), fixedBelow: 15) : NonFinite(value);

    /// <summary>float4: as float8, fixed-point for decimal exponents -4 to 5.</summary>
    public static string Float4(float value)
        => float.IsFinite(value) ? Layout(Shortest(value, single: true), fixedBelow: 6) : NonFinite(value);

    static string NonFinite(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    /// <summary>A decimal: sign, significant digits without leading or trailing zeros, and the exponent of the first digit.</summary>
    readonly record struct Decimal(bool Negative, string Digits, int Exponent);

    // PostgreSQL's shortest digits (Ryu) are .NET's round-trip digits, except where those lie exactly halfway to a
    // neighbouring value: .NET reads such a tie back by rounding to even, PostgreSQL's Ryu never takes one, so it
    // prints one digit more (7.243761867488399e+17 where .NET prints 7.2437618674884E+17).
    static Decimal Shortest(double value, bool single)
    {
        string Print(string format)
            => single ? ((float)value).ToString(format, CultureInfo.InvariantCulture)
            : value.ToString(format, CultureInfo.InvariantCulture);
        var shortest = Parse(Print("R"));
        if (shortest.Digits.Length == 0 || !IsTie(shortest, value, single)) return shortest;
        for (var precision = shortest.Digits.Length + 1; ; precision++)
        {
            var text = Print("E" + (precision - 1).ToString(CultureInfo.InvariantCulture));
            var candidate = Parse(text);
            var readBack = single ? float.Parse(text, CultureInfo.InvariantCulture) : double.Parse(text, CultureInfo.InvariantCulture);
            if (readBack == value && !IsTie(candidate, value, single)) return candidate;
        }
    }

    static Decimal Parse(string text)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var exponentAt = body.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? body : body[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(body[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        exponent += (point < 0 ? mantissa.Length : point) - 1;
        var leading = digits.Length - digits.TrimStart('0').Length;
        return new Decimal(negative, digits.Trim('0'), exponent - leading);
    }

    /// <summary>Whether the decimal is exactly halfway between the value and the float next to it, above or below.</summary>
    static bool IsTie(Decimal d, double value, bool single)
    {
        // |value| = significand * 2^exponent
        long significand, fraction; int exponent, biased;
        if (single)
        {
            var bits = BitConverter.SingleToInt32Bits((float)value) & int.MaxValue;
            (fraction, biased) = (bits & 0x7F_FFFF, bits >> 23);
            (significand, exponent) = biased == 0 ? (fraction, -149) : (fraction | 0x80_0000, biased - 150);
        }
        else
        {
            var bits = BitConverter.DoubleToInt64Bits(value) & long.MaxValue;
            (fraction, biased) = (bits & 0xF_FFFF_FFFF_FFFF, (int)(bits >> 52));
            (significand, exponent) = biased == 0 ? (fraction, -1074) : (fraction | 1L << 52, biased - 1075);
        }
        var m = new BigInteger(significand);
        // a power of two has a closer neighbour below
        var below = fraction == 0 && biased > 1 ? (4 * m - 1, exponent - 2) : (2 * m - 1, exponent - 1);
        return Equal(d, 2 * m + 1, exponent - 1) || Equal(d, below.Item1, below.Item2);
    }

    // digits * 10^(exponent - digits + 1) == n * 2^power, in integers
    static bool Equal(Decimal d, BigInteger n, int power)
    {
        var left = BigInteger.Parse(d.Digits, CultureInfo.InvariantCulture);
        var tens = d.Exponent - d.Digits.Length + 1;
        if (tens >= 0) left *= BigInteger.Pow(10, tens); else n *= BigInteger.Pow(10, -tens);
        if (power >= 0) n <<= power; else left <<= -power;
        return left == n;
    }

    static string Layout(Decimal d, int fixedBelow)
    {
        var (digits, exponent) = (d.Digits, d.Exponent);
        var text = new StringBuilder(d.Negative ? "-" : "");
        if (digits.Length == 0) return text.Append('0').ToString();
        if (exponent < -4 || exponent >= fixedBelow)
        {
            text.Append(digits[0]);
            if (digits.Length > 1) text.Append('.').Append(digits, 1, digits.Length - 1);
            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (exponent < 0) text.Append("0.").Append('0', -exponent - 1).Append(digits);
        else if (digits.Length <= exponent + 1) text.Append(digits).Append('0', exponent + 1 - digits.Length);
        else text.Append(digits, 0, exponent + 1).Append('.').Append(digits, exponent + 1, digits.Length - exponent - 1);
        return text.ToString();
    }

    /// <summary>timestamp (microseconds since 2000-01-01) or timestamptz, which a UTC session prints with "+00".</summary>
    public static string Timestamp(long micros, bool withZone)
    {
        if (micros == long.MaxValue) return "infinity";
        if (micros == long.MinValue) return "-infinity";
        var days = Math.DivRem(micros, MicrosPerDay, out var time);
        if (time < 0) { days--; time += MicrosPerDay; }
        var (year, month, day) = Civil(days);
        var text = new StringBuilder();
        AppendDate(text, year, month, day);
        text.Append(' ');
        AppendTime(text, time);
        if (withZone) text.Append("+00");
        if (year <= 0) text.Append(" BC");
        return text.ToString();
    }

    /// <summary>date (days since 2000-01-01).</summary>
    public static string Date(int days)
    {
        if (days == int.MaxValue) return "infinity";
        if (days == int.MinValue) return "-infinity";
        var (year, month, day) = Civil(days);
        var text = new StringBuilder();
        AppendDate(text, year, month, day);
        if (year <= 0) text.Append(" BC");
        return text.ToString();
    }

    /// <summary>time without time zone (microseconds since midnight; 24:00:00 is a valid value).</summary>
    public static string Time(long micros) => AppendTime(new StringBuilder(), micros).ToString();

    // Astronomical year 0 is 1 BC: PostgreSQL prints the year as 1 - year with a " BC" suffix.
    static void AppendDate(StringBuilder text, long year, int month, int day) =>
        text.Append((year > 0 ? year : 1 - year).ToString("0000", CultureInfo.InvariantCulture))
            .Append('-').Append(month.ToString("00", CultureInfo.InvariantCulture))
            .Append('-').Append(day.ToString("00", CultureInfo.InvariantCulture));

    static StringBuilder AppendTime(StringBuilder text, long micros)
    {
        var seconds = Math.DivRem(micros, 1_000_000, out var fraction);
        text.Append((seconds / 3600).ToString("00", CultureInfo.InvariantCulture))
            .Append(':').Append((seconds / 60 % 60).ToString("00", CultureInfo.InvariantCulture))
            .Append(':').Append((seconds % 60).ToString("00", CultureInfo.InvariantCulture));
        if (fraction != 0) text.Append('.').Append(fraction.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        return text;
    }

    // Proleptic Gregorian calendar date of a day number (days since 2000-01-01), for any year, BC included
    // (H. Hinnant's civil_from_days).
    static (long Year, int Month, int Day) Civil(long days)
    {
        var z = days + DaysFrom1970To2000 + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var dayOfEra = z - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day);
    }
}
