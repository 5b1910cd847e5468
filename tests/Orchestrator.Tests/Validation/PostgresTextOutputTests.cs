using Orchestrator.Core.Validation;

namespace Orchestrator.Tests.Validation;

// Expected strings are PostgreSQL 15's own output; the integration suite compares thousands more with a live server.
public class PostgresTextOutputTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(100.0, "100")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(1e15, "1e+15")]
    [InlineData(-1.2345678901234567e17, "-1.2345678901234566e+17")]
    [InlineData(1e300, "1e+300")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Float8_prints_like_postgresql(double value, string expected) => Assert.Equal(expected, PostgresTextOutput.Float8(value));

    [Fact]
    public void Digits_exactly_halfway_to_the_next_float_are_not_taken_as_postgresql_does()
    {
        // .NET prints 7.2437618674884E+17 and -9.25572E+08: each is exactly halfway to a neighbour and reads back by
        // rounding to even. PostgreSQL's Ryu excludes the halfway points and prints one digit more.
        Assert.Equal("7.243761867488399e+17", PostgresTextOutput.Float8(724376186748839936.0));
        Assert.Equal("-9.2557197e+08", PostgresTextOutput.Float4(-925571968f));
    }

    [Theory]
    [InlineData(100000f, "100000")]
    [InlineData(1000000f, "1e+06")]
    [InlineData(0.1f, "0.1")]
    [InlineData(3.4028235e38f, "3.4028235e+38")]
    public void Float4_prints_like_postgresql(float value, string expected) => Assert.Equal(expected, PostgresTextOutput.Float4(value));

    [Theory]
    [InlineData(0L, false, "2000-01-01 00:00:00")]
    [InlineData(0L, true, "2000-01-01 00:00:00+00")]
    [InlineData(-1L, true, "1999-12-31 23:59:59.999999+00")]
    [InlineData(86_400_000_000L * 60 + 500_000, false, "2000-03-01 00:00:00.5")] // 2000 is a leap year
    [InlineData(long.MaxValue, true, "infinity")]
    [InlineData(long.MinValue, false, "-infinity")]
    public void Timestamps_print_in_iso_form_at_utc(long micros, bool withZone, string expected) =>
        Assert.Equal(expected, PostgresTextOutput.Timestamp(micros, withZone));

    [Theory]
    [InlineData(0, "2000-01-01")]
    [InlineData(-730_119, "0001-01-01")]
    [InlineData(-730_120, "0001-12-31 BC")]
    [InlineData(2_921_940, "10000-01-01")]
    [InlineData(int.MaxValue, "infinity")]
    public void Dates_count_years_bc_without_a_year_zero(int days, string expected)
        => Assert.Equal(expected, PostgresTextOutput.Date(days));

    [Fact]
    public void Time_prints_midnight_at_the_end_of_the_day() => Assert.Equal("24:00:00", PostgresTextOutput.Time(86_400_000_000));
}
