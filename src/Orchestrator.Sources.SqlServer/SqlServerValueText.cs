using Orchestrator.Core.Sources.Ado;
using System.Data.SqlTypes;
using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// Values read from SQL Server written the way PostgreSQL prints the target type (TimeZone=UTC,
/// extra_float_digits=3, as the target sessions are pinned): chunk bounds, aggregates and sql_variant values compare
/// as text with what PostgreSQL reports. Sub-microsecond digits are truncated, the same rule the encoder applies.
/// </summary>
public static class SqlServerValueText
{
    public static DateTime TruncateToMicroseconds(DateTime value) => new(value.Ticks - value.Ticks % 10, value.Kind);

    public static TimeSpan TruncateToMicroseconds(TimeSpan value) => new(value.Ticks - value.Ticks % 10);

    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % 10, TimeSpan.Zero);

    public static string Date(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTime value)
    {
        var v = TruncateToMicroseconds(value);
        return v.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + Fraction(v.Ticks % TimeSpan.TicksPerSecond);
    }

    public static string TimestampTz(DateTimeOffset value) => Timestamp(TruncateToMicroseconds(value).UtcDateTime) + "+00";

    public static string Time(TimeSpan value)
    {
        var v = TruncateToMicroseconds(value);
        return string.Create(CultureInfo.InvariantCulture, $"{(int)v.TotalHours:D2}:{v.Minutes:D2}:{v.Seconds:D2}")
            + Fraction(v.Ticks % TimeSpan.TicksPerSecond);
    }

    // PostgreSQL prints microseconds with trailing zeros removed, and no point for whole seconds.
    static string Fraction(long ticks) =>
        ticks == 0 ? "" : "." + (ticks / 10).ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');

    public static string Numeric(SqlDecimal value) => value.ToString();

    public static string Numeric(decimal value, int scale) =>
        Math.Round(value, scale, MidpointRounding.AwayFromZero)
            .ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Float8(double value) => PgFloatText.Float8(value);

    public static string Float4(float value) => PgFloatText.Float4(value);

    /// <summary>bytea's hex output.</summary>
    public static string Bytea(ReadOnlySpan<byte> value) => "\\x" + Convert.ToHexStringLower(value);

    /// <summary>A value read from SQL Server (by its .NET type) in PostgreSQL's text form for the mapped type.</summary>
    public static string Of(object value, string sourceType) => value switch
    {
        bool b => b ? "true" : "false",
        byte or short or int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        SqlDecimal d => Numeric(d),
        decimal m => sourceType is "money" or "smallmoney" ? Numeric(m, 4) : m.ToString(CultureInfo.InvariantCulture),
        double d => Float8(d),
        float f => Float4(f),
        DateTime t when sourceType is "date" => Date(t),
        DateTime t => Timestamp(t),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset o => TimestampTz(o),
        TimeSpan s => Time(s),
        Guid g => g.ToString("D"),
        byte[] bytes => Bytea(bytes),
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
