using System.Diagnostics;
using Egov.Calendar;

namespace Egov.Calendar.Tests;

public class LunarCalendarTests
{
    private static readonly LunarCalendar Vn = LunarCalendar.Vietnam;

    [Fact]
    public void Round_trip_every_day_of_the_supported_range()
    {
        var calendar = new LunarCalendar(); // fresh instance: includes the cost of computing every year
        var watch = Stopwatch.StartNew();
        LunarDate previous = default;
        int count = 0;
        for (var day = LunarCalendar.MinSolarDate; ; day = day.AddDays(1))
        {
            LunarDate lunar = calendar.ToLunar(day);
            Assert.Equal(day, calendar.ToSolar(lunar));

            // Consecutive solar days are consecutive lunar days.
            if (count > 0)
            {
                if (lunar.Day == 1)
                {
                    Assert.True(previous.Day is 29 or 30, $"{day}: month before has {previous.Day} days");
                    Assert.True(lunar.IsLeapMonth || lunar.Month != previous.Month || lunar.Year != previous.Year);
                }
                else
                {
                    Assert.Equal(previous with { Day = previous.Day + 1 }, lunar);
                }
            }
            previous = lunar;
            count++;
            if (day == LunarCalendar.MaxSolarDate) break;
        }
        Assert.Equal(LunarCalendar.MaxSolarDate.DayNumber - LunarCalendar.MinSolarDate.DayNumber + 1, count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"round trip of {count} days took {watch.Elapsed}");
    }

    [Fact]
    public void Range_starts_on_tet_1900() =>
        Assert.Equal(new LunarDate(1900, 1, 1, false), Vn.ToLunar(new DateOnly(1900, 1, 31)));

    [Fact]
    public void Api_example()
    {
        Assert.Equal(new LunarDate(2026, 1, 1, false), Vn.ToLunar(new DateOnly(2026, 2, 17)));
        Assert.Equal(new DateOnly(2026, 2, 17), Vn.ToSolar(new LunarDate(2026, 1, 1, false)));
    }

    // Tết Nguyên Đán 2000–2050 in Vietnam (UTC+7). Identical to the Chinese New Year except 2007 and 2030,
    // where the new moon falls between 00:00 and 01:00 UTC+8, i.e. the evening before in UTC+7.
    // 1985 differs by a whole month: Vietnam has no leap month in 1984 (China: leap 10), so Tết is a month earlier.
    public static TheoryData<int, string> TetDates => new()
    {
        { 2000, "2000-02-05" }, { 2001, "2001-01-24" }, { 2002, "2002-02-12" }, { 2003, "2003-02-01" },
        { 2004, "2004-01-22" }, { 2005, "2005-02-09" }, { 2006, "2006-01-29" }, { 2007, "2007-02-17" },
        { 2008, "2008-02-07" }, { 2009, "2009-01-26" }, { 2010, "2010-02-14" }, { 2011, "2011-02-03" },
        { 2012, "2012-01-23" }, { 2013, "2013-02-10" }, { 2014, "2014-01-31" }, { 2015, "2015-02-19" },
        { 2016, "2016-02-08" }, { 2017, "2017-01-28" }, { 2018, "2018-02-16" }, { 2019, "2019-02-05" },
        { 2020, "2020-01-25" }, { 2021, "2021-02-12" }, { 2022, "2022-02-01" }, { 2023, "2023-01-22" },
        { 2024, "2024-02-10" }, { 2025, "2025-01-29" }, { 2026, "2026-02-17" }, { 2027, "2027-02-06" },
        { 2028, "2028-01-26" }, { 2029, "2029-02-13" }, { 2030, "2030-02-02" }, { 2031, "2031-01-23" },
        { 2032, "2032-02-11" }, { 2033, "2033-01-31" }, { 2034, "2034-02-19" }, { 2035, "2035-02-08" },
        { 2036, "2036-01-28" }, { 2037, "2037-02-15" }, { 2038, "2038-02-04" }, { 2039, "2039-01-24" },
        { 2040, "2040-02-12" }, { 2041, "2041-02-01" }, { 2042, "2042-01-22" }, { 2043, "2043-02-10" },
        { 2044, "2044-01-30" }, { 2045, "2045-02-17" }, { 2046, "2046-02-06" }, { 2047, "2047-01-26" },
        { 2048, "2048-02-14" }, { 2049, "2049-02-02" }, { 2050, "2050-01-23" },
        { 1985, "1985-01-21" },
    };

    [Theory]
    [MemberData(nameof(TetDates))]
    public void Tet(int year, string date)
    {
        var solar = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(solar, Vn.ToSolar(new LunarDate(year, 1, 1, false)));
        Assert.Equal(new LunarDate(year, 1, 1, false), Vn.ToLunar(solar));
    }

    [Theory]
    [InlineData(2007, "2007-02-18")]
    [InlineData(2030, "2030-02-03")]
    [InlineData(1985, "1985-02-20")]
    [InlineData(2024, "2024-02-10")]
    public void Tet_in_utc_plus_8_is_the_chinese_new_year(int year, string date)
    {
        var solar = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(solar, LunarCalendar.UtcPlus8.ToSolar(new LunarDate(year, 1, 1, false)));
        Assert.Equal(solar, new LunarCalendar(TimeSpan.FromHours(8)).ToSolar(new LunarDate(year, 1, 1, false)));
    }

    [Fact]
    public void Tet_1968_differed_between_north_and_south()
    {
        // North Vietnam adopted UTC+7 for the calendar in 1968; the South kept UTC+8.
        Assert.Equal(new DateOnly(1968, 1, 29), LunarCalendar.Vietnam.ToSolar(new LunarDate(1968, 1, 1, false)));
        Assert.Equal(new DateOnly(1968, 1, 30), LunarCalendar.UtcPlus8.ToSolar(new LunarDate(1968, 1, 1, false)));
    }

    [Fact]
    public void Leap_month_of_1984_1985_depends_on_the_time_zone()
    {
        // China: leap 10 in 1984, Tết 1985 on Feb 20. Vietnam: no leap in 1984, leap 2 in 1985, Tết on Jan 21.
        Assert.Null(LunarCalendar.Vietnam.LeapMonth(1984));
        Assert.Equal(2, LunarCalendar.Vietnam.LeapMonth(1985));
        Assert.Equal(10, LunarCalendar.UtcPlus8.LeapMonth(1984));
        Assert.Null(LunarCalendar.UtcPlus8.LeapMonth(1985));
    }

    [Fact]
    public void Leap_month_11_in_2033()
    {
        // The "2033 problem": the first month without a major term after the solstice is after month 11.
        Assert.Equal(11, LunarCalendar.Vietnam.LeapMonth(2033));
        Assert.Equal(11, LunarCalendar.UtcPlus8.LeapMonth(2033));
    }

    [Fact]
    public void Utc_plus_8_agrees_with_the_dotnet_chinese_calendar_tables()
    {
        // ChineseLunisolarCalendar is an independent table (Beijing local time before 1929, UTC+8 after).
        // The single known disagreement: the new moon of 2057-09-28 falls seconds before midnight UTC+8
        // (within the uncertainty of ΔT), which the table places on 09-29.
        var table = new System.Globalization.ChineseLunisolarCalendar();
        var calendar = LunarCalendar.UtcPlus8;
        int compared = 0;
        for (var day = new DateOnly(1929, 1, 1); day <= new DateOnly(2100, 12, 31); day = day.AddDays(1))
        {
            if (day >= new DateOnly(2057, 9, 28) && day <= new DateOnly(2057, 10, 27)) continue;
            var dt = day.ToDateTime(TimeOnly.MinValue);
            int year = table.GetYear(dt), month = table.GetMonth(dt), leapIndex = table.GetLeapMonth(year);
            var expected = new LunarDate(year, leapIndex > 0 && month >= leapIndex ? month - 1 : month,
                table.GetDayOfMonth(dt), leapIndex > 0 && month == leapIndex);
            Assert.Equal(expected, calendar.ToLunar(day));
            compared++;
        }
        Assert.True(compared > 62_000);
    }

    [Theory]
    [InlineData(2001, 4)]
    [InlineData(2004, 2)]
    [InlineData(2006, 7)]
    [InlineData(2009, 5)]
    [InlineData(2012, 4)]
    [InlineData(2014, 9)]
    [InlineData(2017, 6)]
    [InlineData(2020, 4)]
    [InlineData(2023, 2)]
    [InlineData(2025, 6)]
    [InlineData(2028, 5)]
    public void Leap_months(int year, int leapMonth)
    {
        Assert.Equal(leapMonth, Vn.LeapMonth(year));
        Assert.Equal(13, Vn.MonthsInYear(year));
        // The leap month follows the ordinary month of the same number.
        var ordinary = Vn.ToSolar(new LunarDate(year, leapMonth, 1, false));
        var leap = Vn.ToSolar(new LunarDate(year, leapMonth, 1, true));
        Assert.Equal(ordinary.AddDays(Vn.DaysInMonth(year, leapMonth, false)), leap);
    }

    [Theory]
    [InlineData(2021)]
    [InlineData(2022)]
    [InlineData(2024)]
    [InlineData(2026)]
    public void Years_without_leap_month(int year)
    {
        Assert.Null(Vn.LeapMonth(year));
        Assert.Equal(12, Vn.MonthsInYear(year));
    }

    [Fact]
    public void Hung_kings_day_2026() =>
        Assert.Equal(new DateOnly(2026, 4, 26), Vn.ToSolar(new LunarDate(2026, 3, 10, false)));

    [Fact]
    public void Months_have_29_or_30_days_and_years_12_or_13_months()
    {
        int leapYears = 0;
        for (int year = LunarCalendar.MinYear; year <= LunarCalendar.MaxYear; year++)
        {
            int months = Vn.MonthsInYear(year);
            Assert.True(months is 12 or 13, $"{year}: {months} months");
            int? leap = Vn.LeapMonth(year);
            Assert.Equal(months == 13, leap.HasValue);
            if (leap.HasValue) leapYears++;
            for (int month = 1; month <= 12; month++)
            {
                Assert.InRange(Vn.DaysInMonth(year, month, false), 29, 30);
                if (leap == month) Assert.InRange(Vn.DaysInMonth(year, month, true), 29, 30);
            }
        }
        // 7 leap months every 19 years (Metonic cycle): 300 years → about 110.
        Assert.InRange(leapYears, 108, 113);
    }

    [Fact]
    public void Impossible_lunar_dates_are_rejected_with_a_specific_message()
    {
        var noLeap = Assert.Throws<ArgumentException>(() => Vn.ToSolar(new LunarDate(2026, 3, 1, true)));
        Assert.Contains("has no leap month 3", noLeap.Message);

        var wrongLeap = Assert.Throws<ArgumentException>(() => Vn.ToSolar(new LunarDate(2025, 5, 1, true)));
        Assert.Contains("its leap month is 6", wrongLeap.Message);

        var (year, month) = FirstShortMonth(2026);
        var day30 = Assert.Throws<ArgumentException>(() => Vn.ToSolar(new LunarDate(year, month, 30, false)));
        Assert.Contains("has only 29 days", day30.Message);

        var month13 = Assert.Throws<ArgumentException>(() => Vn.ToSolar(new LunarDate(2026, 13, 1, false)));
        Assert.Contains("month 13 is invalid", month13.Message);
        var month0 = Assert.Throws<ArgumentException>(() => Vn.ToSolar(new LunarDate(2026, 0, 1, false)));
        Assert.Contains("month 0 is invalid", month0.Message);

        var day31 = Assert.Throws<ArgumentException>(() => Vn.ToSolar(new LunarDate(2026, 1, 31, false)));
        Assert.Contains("day 31 is invalid", day31.Message);
        var day0 = Assert.Throws<ArgumentException>(() => Vn.ToSolar(new LunarDate(2026, 1, 0, false)));
        Assert.Contains("day 0 is invalid", day0.Message);

        Assert.Throws<ArgumentException>(() => Vn.DaysInMonth(2026, 3, true));
    }

    private static (int Year, int Month) FirstShortMonth(int year)
    {
        for (int month = 1; month <= 12; month++)
            if (Vn.DaysInMonth(year, month, false) == 29) return (year, month);
        throw new InvalidOperationException("no 29-day month");
    }

    [Fact]
    public void Dates_outside_the_range_are_rejected()
    {
        var before = Assert.Throws<ArgumentOutOfRangeException>(() => Vn.ToLunar(new DateOnly(1900, 1, 30)));
        Assert.Contains("1900-01-31 to 2199-12-31", before.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Vn.ToLunar(new DateOnly(2200, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vn.ToLunar(DateOnly.MinValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vn.ToSolar(new LunarDate(1899, 12, 1, false)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vn.ToSolar(new LunarDate(2200, 1, 1, false)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vn.LeapMonth(1899));

        // Lunar year 2199 ends in January 2200: its last days are out of range.
        var lastLunar = Vn.ToLunar(LunarCalendar.MaxSolarDate);
        Assert.Equal(2199, lastLunar.Year);
        var tooLate = Assert.Throws<ArgumentOutOfRangeException>(() => Vn.ToSolar(lastLunar with { Day = lastLunar.Day + 1 }));
        Assert.Contains("after the last supported solar date", tooLate.Message);
    }

    [Fact]
    public void Conversions_are_thread_safe()
    {
        var calendar = new LunarCalendar();
        var expected = Enumerable.Range(1990, 40).Select(y => Vn.ToSolar(new LunarDate(y, 1, 1, false))).ToArray();
        Parallel.For(0, 400, i =>
        {
            int y = 1990 + i % 40;
            Assert.Equal(expected[i % 40], calendar.ToSolar(new LunarDate(y, 1, 1, false)));
        });
    }
}
