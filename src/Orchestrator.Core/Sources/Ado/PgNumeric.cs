using System.Globalization;

namespace Orchestrator.Core.Sources.Ado;

/// <summary>PostgreSQL's numeric in base 10000, as numeric_send lays it out: leading and trailing zero digit groups stripped.</summary>
static class PgNumeric
{
    public const int Positive = 0x0000, Negative = 0x4000, NaN = unchecked((short)0xC000), PosInf = unchecked((short)0xD000),
        NegInf = unchecked((short)0xF000);

    public static (int Sign, short[] Digits, int Weight, int DisplayScale) Parse(string text, int? scale)
    {
        text = text.Trim();
        switch (text)
        {
            // numeric_send derives the display scale of specials from their header bits: 0 for NaN, 32 for the infinities.
            case "NaN": return (NaN, [], 0, 0);
            case "Infinity" or "+Infinity": return (PosInf, [], 0, 32);
            case "-Infinity": return (NegInf, [], 0, 32);
        }
        var negative = text.StartsWith('-');
        if (negative || text.StartsWith('+')) text = text[1..];
        var exponent = 0;
        var e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var point = text.IndexOf('.');
        var integer = point < 0 ? text : text[..point];
        var fraction = point < 0 ? "" : text[(point + 1)..];
        // numeric input keeps the written scale: '1.50' has scale 2, '1.50e1' scale 1, '1.5e3' scale 0.
        var dscale = scale ?? Math.Max(0, fraction.Length - exponent);
        if ((integer + fraction).Any(c => !char.IsAsciiDigit(c)) || integer.Length + fraction.Length == 0)
            throw new FormatException($"'{text}' is not a decimal number");
        // Apply the exponent by moving the decimal point.
        var all = integer + fraction;
        var pointAt = integer.Length + exponent;
        if (pointAt < 0) { all = new string('0', -pointAt) + all; pointAt = 0; }
        if (pointAt > all.Length) all += new string('0', pointAt - all.Length);
        integer = all[..pointAt];
        fraction = all[pointAt..];

        // Round half away from zero to the display scale, as numeric input does for numeric(p,s).
        if (fraction.Length > dscale)
        {
            var roundUp = fraction[dscale] >= '5';
            fraction = fraction[..dscale];
            if (roundUp)
            {
                var digits = (integer + fraction).ToCharArray();
                var i = digits.Length - 1;
                while (i >= 0 && digits[i] == '9') digits[i--] = '0';
                var carried = new string(digits);
                if (i < 0) { carried = "1" + carried; }
                else carried = carried[..i] + (char)(carried[i] + 1) + carried[(i + 1)..];
                integer = carried[..^fraction.Length];
                fraction = carried[^fraction.Length..];
                if (fraction.Length == 0) { integer = carried; }
            }
        }
        fraction = fraction.PadRight(dscale, '0');

        // Group into base-10000 digits aligned on the decimal point.
        integer = integer.TrimStart('0');
        var intGroups = (integer.Length + 3) / 4;
        var paddedInt = integer.PadLeft(intGroups * 4, '0');
        var fracGroups = (fraction.Length + 3) / 4;
        var paddedFrac = fraction.PadRight(fracGroups * 4, '0');
        var groups = new List<short>();
        for (var i = 0; i < intGroups; i++) groups.Add(short.Parse(paddedInt.AsSpan(i * 4, 4), CultureInfo.InvariantCulture));
        for (var i = 0; i < fracGroups; i++) groups.Add(short.Parse(paddedFrac.AsSpan(i * 4, 4), CultureInfo.InvariantCulture));
        var weight = intGroups - 1;
        // Strip leading zero groups (each lowers the weight) and trailing zero groups.
        var start = 0;
        while (start < groups.Count && groups[start] == 0) { start++; weight--; }
        var end = groups.Count;
        while (end > start && groups[end - 1] == 0) end--;
        var result = groups.GetRange(start, end - start).ToArray();
        if (result.Length == 0) return (Positive, [], 0, dscale);
        return (negative ? Negative : Positive, result, weight, dscale);
    }
}
