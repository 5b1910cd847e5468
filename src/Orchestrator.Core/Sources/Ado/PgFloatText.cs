using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Sources.Ado;

/// <summary>Floating-point values as PostgreSQL prints them (extra_float_digits > 0), for aggregates and key bounds.</summary>
public static class PgFloatText
{
    public static string Float8(double value) => Shortest(value.ToString("R", CultureInfo.InvariantCulture), 15);

    public static string Float4(float value) => Shortest(value.ToString("R", CultureInfo.InvariantCulture), 6);

    /// <summary>
    /// PostgreSQL's shortest round-trip output: the same digits .NET's "R" finds, laid out as float8out/float4out do,
    /// positional for decimal exponents in [-4, DBL_DIG or FLT_DIG), else d.ddde+XX.
    /// </summary>
    static string Shortest(string roundTrip, int digitsLimit)
    {
        if (roundTrip is "NaN") return "NaN";
        if (roundTrip is "Infinity" or "∞") return "Infinity";
        if (roundTrip is "-Infinity" or "-∞") return "-Infinity";
        var negative = roundTrip.StartsWith('-');
        var text = negative ? roundTrip[1..] : roundTrip;
        var e = text.IndexOfAny(['E', 'e']);
        var exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", "");
        var intLength = point < 0 ? mantissa.Length : point;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var sign = negative ? "-" : "";
        if (digits.Length == 0) return sign + "0";
        // Decimal exponent of the first significant digit.
        var exp10 = intLength - leading - 1 + exponent;
        var result = new StringBuilder(sign);
        if (exp10 < -4 || exp10 >= digitsLimit)
        {
            result.Append(digits[0]);
            if (digits.Length > 1) result.Append('.').Append(digits, 1, digits.Length - 1);
            result.Append('e').Append(exp10 < 0 ? '-' : '+').Append(Math.Abs(exp10).ToString("D2", CultureInfo.InvariantCulture));
        }
        else if (exp10 < 0)
            result.Append("0.").Append('0', -exp10 - 1).Append(digits);
        else if (digits.Length <= exp10 + 1)
            result.Append(digits).Append('0', exp10 + 1 - digits.Length);
        else
            result.Append(digits, 0, exp10 + 1).Append('.').Append(digits, exp10 + 1, digits.Length - exp10 - 1);
        return result.ToString();
    }
}
