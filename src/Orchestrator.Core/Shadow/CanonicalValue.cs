using System.Collections;
using System.Globalization;

namespace Orchestrator.Core.Shadow;

/// <summary>
/// A result value as text that compares across engines: the legacy value is first converted to the type the target
/// returned for that column (a SQL Server bit to boolean, a decimal to a double, an offset to UTC), then printed one
/// way. Numbers print without trailing zeros, so 12.50 and 12.5 are the same value.
/// </summary>
public static class CanonicalValue
{
    public const string Null = "NULL";

    public static string Of(object? value, Type? targetType = null)
    {
        if (value is null or DBNull) return Null;
        try
        {
            return Print(targetType is null || targetType == typeof(object) ? value : Convert(value, targetType));
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            return Print(value); // not convertible: printed as it is, so it differs from the target's
        }
    }

    static object Convert(object value, Type type)
    {
        if (value.GetType() == type) return value;
        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(decimal) => System.Convert.ToDecimal(value, c),
            _ when type == typeof(double) => System.Convert.ToDouble(value, c),
            _ when type == typeof(float) => System.Convert.ToSingle(value, c),
            _ when type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) =>
                value is decimal or double or float ? IntegralOrSelf(value) : System.Convert.ToInt64(value, c),
            _ when type == typeof(bool) => value is string s ? bool.Parse(s) : System.Convert.ToBoolean(value, c),
            _ when type == typeof(DateTime) => value switch
            {
                DateTimeOffset o => o.UtcDateTime,
                string s => DateTime.Parse(s, c),
                _ => System.Convert.ToDateTime(value, c),
            },
            _ when type == typeof(DateTimeOffset) => value switch
            {
                DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
                string s => DateTimeOffset.Parse(s, c),
                _ => value,
            },
            _ when type == typeof(Guid) => value switch { string s => Guid.Parse(s), byte[] { Length: 16 } b => new Guid(b), _ => value },
            _ when type == typeof(string) => value is string ? value : Print(value),
            _ => value,
        };
    }

    // 3.0 is the integer 3 in an integer column; 3.5 stays itself (and so differs).
    static object IntegralOrSelf(object value)
    {
        var d = System.Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        return decimal.Truncate(d) == d ? (long)d : value;
    }

    static string Print(object value)
    {
        var c = CultureInfo.InvariantCulture;
        return value switch
        {
            null or DBNull => Null,
            string s => s,
            bool b => b ? "true" : "false",
            decimal d => (d / 1.0000000000000000000000000000m).ToString(c),
            double d => d.ToString("R", c),
            float f => f.ToString("R", c),
            DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", c),
            DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", c),
            DateOnly d => d.ToString("yyyy-MM-dd", c),
            TimeSpan t => t.ToString("c", c),
            Guid g => g.ToString("D"),
            byte[] bytes => "\\x" + System.Convert.ToHexStringLower(bytes),
            IFormattable f => f.ToString(null, c),
            IEnumerable items => "{" + string.Join(",", items.Cast<object?>().Select(i => Of(i))) + "}",
            _ => value.ToString() ?? "",
        };
    }
}
