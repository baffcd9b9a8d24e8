using Egov.Calendar;

namespace Egov.Calendar.Tests;

public class HolidayCalendarTests
{
    private static readonly HolidayCalendar Default = new(HolidayCalendar.LabourCode2019);

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static string Show(IEnumerable<DayOff> days) =>
        string.Join("\n", days.Select(d => $"{d.Date:dd/MM/yyyy} {d.Name}"));

    [Fact]
    public void Days_off_2025_under_the_default_rules()
    {
        // Tết Ất Tỵ: lunar 1/1 = 29/01/2025; the rule days are 28/01 (last day of the year) to 01/02 (Saturday),
        // so 03/02 (Monday) is the substitute day. Hùng Kings (10/3 lunar) = 07/04/2025. No 24/11 before 2026.
        var expected = new[]
        {
            "01/01/2025 Tết Dương lịch",
            "28/01/2025 Tết Nguyên đán",
            "29/01/2025 Tết Nguyên đán",
            "30/01/2025 Tết Nguyên đán",
            "31/01/2025 Tết Nguyên đán",
            "01/02/2025 Tết Nguyên đán",
            "03/02/2025 Nghỉ bù Tết Nguyên đán",
            "07/04/2025 Giỗ Tổ Hùng Vương",
            "30/04/2025 Ngày Chiến thắng",
            "01/05/2025 Ngày Quốc tế Lao động",
            "01/09/2025 Quốc khánh (ngày liền kề)",
            "02/09/2025 Quốc khánh",
        };
        Assert.Equal(string.Join("\n", expected), Show(Default.DaysOff(2025)));
        Assert.Equal(D(2025, 1, 29), LunarCalendar.Vietnam.ToSolar(new LunarDate(2025, 1, 1, false)));
        Assert.Equal(DayOfWeek.Saturday, D(2025, 2, 1).DayOfWeek);
        Assert.DoesNotContain(Default.DaysOff(2025), d => d.Date == D(2025, 11, 24));
        Assert.False(Default.IsWorkingDay(D(2025, 2, 3)));
        Assert.True(Default.IsWorkingDay(D(2025, 2, 4)));
        Assert.True(Default.IsWorkingDay(D(2025, 11, 24)));
        Assert.Empty(Default.WorkingWeekendDays(2025));
    }

    [Fact]
    public void Days_off_2026_under_the_default_rules()
    {
        var expected = new[]
        {
            "01/01/2026 Tết Dương lịch",
            "16/02/2026 Tết Nguyên đán",
            "17/02/2026 Tết Nguyên đán",
            "18/02/2026 Tết Nguyên đán",
            "19/02/2026 Tết Nguyên đán",
            "20/02/2026 Tết Nguyên đán",
            "26/04/2026 Giỗ Tổ Hùng Vương",
            "27/04/2026 Nghỉ bù Giỗ Tổ Hùng Vương",
            "30/04/2026 Ngày Chiến thắng",
            "01/05/2026 Ngày Quốc tế Lao động",
            "01/09/2026 Quốc khánh (ngày liền kề)",
            "02/09/2026 Quốc khánh",
            "24/11/2026 Ngày Văn hóa Việt Nam",
        };
        Assert.Equal(string.Join("\n", expected), Show(Default.DaysOff(2026)));
        Assert.Equal(DayOfWeek.Sunday, D(2026, 4, 26).DayOfWeek);
        Assert.False(Default.IsWorkingDay(D(2026, 4, 27)));
        Assert.False(Default.IsWorkingDay(D(2026, 11, 24)));
        Assert.True(Default.IsWorkingDay(D(2026, 2, 23)));
        Assert.False(Default.IsWorkingDay(D(2026, 2, 21))); // Saturday
    }

    [Fact]
    public void Without_substitutes_weekend_holidays_give_no_extra_day()
    {
        var cal = new HolidayCalendar(HolidayCalendar.LabourCode2019 with { SubstituteWhenOnWeekend = false });
        Assert.DoesNotContain(cal.DaysOff(2026), d => d.Date == D(2026, 4, 27));
        Assert.True(cal.IsWorkingDay(D(2026, 4, 27)));
    }

    [Fact]
    public void Substitutes_skip_days_already_off()
    {
        // Three rule days Sat–Mon: Sat and Sun give Tue and Wed (Mon is already off).
        var settings = new HolidaySettings([new("X", "Lễ X", HolidayDateKind.Solar, 3, 7, LengthDays: 3)], []);
        var cal = new HolidayCalendar(settings);
        Assert.Equal(DayOfWeek.Saturday, D(2026, 3, 7).DayOfWeek);
        Assert.Equal(
            "07/03/2026 Lễ X\n08/03/2026 Lễ X\n09/03/2026 Lễ X\n10/03/2026 Nghỉ bù Lễ X\n11/03/2026 Nghỉ bù Lễ X",
            Show(cal.DaysOff(2026)));
    }

    [Fact]
    public void Overrides_apply_after_rules_and_substitutes()
    {
        var settings = HolidayCalendar.LabourCode2019 with
        {
            Overrides =
            [
                new(D(2026, 2, 7), OverrideKind.WorkingDay, "Làm bù cho ngày 13/02/2026"),
                new(D(2026, 2, 13), OverrideKind.DayOff, "Nghỉ Tết (hoán đổi)"),
                new(D(2026, 9, 1), OverrideKind.WorkingDay, "Làm việc"),
            ],
        };
        var cal = new HolidayCalendar(settings);
        Assert.True(cal.IsWorkingDay(D(2026, 2, 7)));        // swapped Saturday works
        Assert.False(cal.IsWorkingDay(D(2026, 2, 13)));      // extra day off
        Assert.Contains(new DayOff(D(2026, 2, 13), "Nghỉ Tết (hoán đổi)"), cal.DaysOff(2026));
        Assert.True(cal.IsWorkingDay(D(2026, 9, 1)));         // rule day worked
        Assert.DoesNotContain(cal.DaysOff(2026), d => d.Date == D(2026, 9, 1));
        Assert.Equal([settings.Overrides[0]], cal.WorkingWeekendDays(2026));
        Assert.Equal(13, cal.DaysOff(2026).Count);
        Assert.Empty(HolidayCalendar.Validate(settings));
        Assert.True(cal.DaysOff(2026).Select(d => d.Date).SequenceEqual(cal.DaysOff(2026).Select(d => d.Date).Order()));
    }

    [Fact]
    public void Default_settings_are_valid()
    {
        Assert.Empty(HolidayCalendar.Validate(HolidayCalendar.LabourCode2019));
        Assert.Empty(HolidayCalendar.LabourCode2019.Overrides);
    }

    [Fact]
    public void Validate_reports_duplicate_overrides()
    {
        var settings = HolidayCalendar.LabourCode2019 with
        {
            Overrides =
            [
                new(D(2026, 3, 6), OverrideKind.DayOff, "A"),
                new(D(2026, 3, 6), OverrideKind.WorkingDay, "B"),
                new(D(2026, 3, 7), OverrideKind.WorkingDay, "C"),
                new(D(2026, 3, 7), OverrideKind.WorkingDay, "D"),
            ],
        };
        var problems = HolidayCalendar.Validate(settings).Where(p => p.Code == "duplicate").ToList();
        Assert.Equal(2, problems.Count);
        Assert.Equal(D(2026, 3, 6), problems[0].Date);
        Assert.Contains("06/03/2026", problems[0].MessageVi);
        Assert.Contains("vừa là ngày nghỉ vừa là ngày làm việc", problems[0].MessageVi);
        Assert.Contains("both a day off and a working day", problems[0].MessageEn);
        Assert.Equal(D(2026, 3, 7), problems[1].Date);
    }

    [Fact]
    public void Validate_reports_day_off_on_a_day_already_off()
    {
        var settings = HolidayCalendar.LabourCode2019 with
        {
            Overrides =
            [
                new(D(2026, 3, 8), OverrideKind.DayOff, "Chủ nhật"),       // Sunday
                new(D(2026, 4, 30), OverrideKind.DayOff, "30/4"),          // rule day
                new(D(2026, 4, 27), OverrideKind.DayOff, "bù"),            // automatic substitute
                new(D(2026, 3, 9), OverrideKind.DayOff, "ok"),             // fine
            ],
        };
        var problems = HolidayCalendar.Validate(settings);
        Assert.All(problems, p => Assert.Equal("alreadyOff", p.Code));
        Assert.Equal([D(2026, 3, 8), D(2026, 4, 30), D(2026, 4, 27)], problems.Select(p => p.Date!.Value));
        Assert.Contains("30/04/2026", problems[1].MessageVi);
        Assert.Contains("Ngày Chiến thắng", problems[1].MessageVi);
        Assert.Contains("cuối tuần", problems[0].MessageVi);
        Assert.Contains("already a day off", problems[0].MessageEn);
    }

    [Fact]
    public void Validate_reports_working_day_on_a_day_already_working()
    {
        var settings = HolidayCalendar.LabourCode2019 with
        {
            Overrides =
            [
                new(D(2026, 3, 10), OverrideKind.WorkingDay, "thứ Ba"),   // ordinary Tuesday
                new(D(2026, 3, 14), OverrideKind.WorkingDay, "thứ Bảy"),  // Saturday: fine
                new(D(2026, 9, 2), OverrideKind.WorkingDay, "2/9"),       // rule day: fine
            ],
        };
        var problem = Assert.Single(HolidayCalendar.Validate(settings));
        Assert.Equal("alreadyWorking", problem.Code);
        Assert.Equal(D(2026, 3, 10), problem.Date);
        Assert.Contains("10/03/2026", problem.MessageVi);
        Assert.Contains("đã là ngày làm việc", problem.MessageVi);
        Assert.Contains("already a working day", problem.MessageEn);
    }

    [Theory]
    [InlineData(HolidayDateKind.Solar, 2, 30, 0, 1, null, null)]
    [InlineData(HolidayDateKind.Solar, 4, 31, 0, 1, null, null)]
    [InlineData(HolidayDateKind.Lunar, 1, 31, 0, 1, null, null)]
    [InlineData(HolidayDateKind.Solar, 13, 1, 0, 1, null, null)]
    [InlineData(HolidayDateKind.Lunar, 0, 1, 0, 1, null, null)]
    [InlineData(HolidayDateKind.Solar, 5, 0, 0, 1, null, null)]
    [InlineData(HolidayDateKind.Solar, 5, 1, 0, 0, null, null)]
    [InlineData(HolidayDateKind.Solar, 5, 1, 0, 16, null, null)]
    [InlineData(HolidayDateKind.Solar, 5, 1, 0, 1, 2030, 2029)]
    public void Validate_reports_impossible_rules(HolidayDateKind kind, int month, int day, int offset, int length, int? from, int? to)
    {
        var rule = new HolidayRule("BAD", "Sai", kind, month, day, offset, length, from, to);
        var settings = new HolidaySettings([rule], []);
        var problem = Assert.Single(HolidayCalendar.Validate(settings));
        Assert.Equal("rule", problem.Code);
        Assert.Null(problem.Date);
        Assert.Contains("BAD", problem.MessageVi);
        Assert.Contains("BAD", problem.MessageEn);
        // An invalid rule is ignored, not thrown on.
        Assert.Empty(new HolidayCalendar(settings).DaysOff(2026));
    }

    [Fact]
    public void Validate_accepts_possible_edge_rules()
    {
        var settings = new HolidaySettings(
        [
            new("A", "29/2", HolidayDateKind.Solar, 2, 29),
            new("B", "30 tháng Chạp", HolidayDateKind.Lunar, 12, 30),
            new("C", "dài", HolidayDateKind.Solar, 6, 1, LengthDays: 15, FromYear: 2020, ToYear: 2020),
        ], []);
        Assert.Empty(HolidayCalendar.Validate(settings));
        var cal = new HolidayCalendar(settings);
        Assert.Contains(cal.DaysOff(2024), d => d.Date == D(2024, 2, 29));
        Assert.Equal(15, cal.DaysOff(2020).Count(d => d.Name == "dài"));
        Assert.DoesNotContain(cal.DaysOff(2021), d => d.Name == "dài");
    }

    [Fact]
    public void Validate_reports_rules_with_the_same_code_overlapping_in_years()
    {
        var settings = new HolidaySettings(
        [
            new("VAN_HOA", "Ngày Văn hóa Việt Nam", HolidayDateKind.Solar, 11, 24, FromYear: 2026),
            new("VAN_HOA", "Ngày Văn hóa (cũ)", HolidayDateKind.Solar, 11, 23, FromYear: 2020, ToYear: 2026),
            new("X", "X1", HolidayDateKind.Solar, 3, 3, ToYear: 2020),
            new("X", "X2", HolidayDateKind.Solar, 3, 4, FromYear: 2021),
        ], []);
        var problem = Assert.Single(HolidayCalendar.Validate(settings));
        Assert.Equal("ruleCode", problem.Code);
        Assert.Contains("VAN_HOA", problem.MessageVi);
        Assert.Contains("overlapping", problem.MessageEn);
    }

    [Fact]
    public void Tet_rule_starts_the_day_before_lunar_new_year_even_after_a_29_day_month_12()
    {
        var lunar = LunarCalendar.Vietnam;
        for (int year = 1902; year <= 2199; year++)
        {
            var tet = lunar.ToSolar(new LunarDate(year, 1, 1, false));
            var days = Default.DaysOff(tet.Year).Where(d => d.Name == "Tết Nguyên đán").Select(d => d.Date).ToList();
            Assert.Equal(Enumerable.Range(-1, 5).Select(tet.AddDays), days);
            var eve = lunar.ToLunar(tet.AddDays(-1));
            Assert.Equal(12, eve.Month);
            Assert.Equal(lunar.DaysInMonth(eve.Year, 12, eve.IsLeapMonth), eve.Day);
        }
    }

    [Fact]
    public void Lunar_rules_use_the_given_lunar_calendar()
    {
        // Tết 2007: 17/02 in Vietnam (UTC+7), 18/02 in UTC+8.
        Assert.Equal(D(2007, 2, 16), Default.DaysOff(2007).First(d => d.Name == "Tết Nguyên đán").Date);
        var china = new HolidayCalendar(HolidayCalendar.LabourCode2019, LunarCalendar.UtcPlus8);
        Assert.Equal(D(2007, 2, 17), china.DaysOff(2007).First(d => d.Name == "Tết Nguyên đán").Date);
        // A DayOff override on 16/02/2007 is redundant in Vietnam, not with the UTC+8 calendar.
        var settings = HolidayCalendar.LabourCode2019 with { Overrides = [new(D(2007, 2, 16), OverrideKind.DayOff, "x")] };
        Assert.Equal("alreadyOff", Assert.Single(HolidayCalendar.Validate(settings)).Code);
        Assert.Empty(HolidayCalendar.Validate(settings, LunarCalendar.UtcPlus8));
    }

    [Fact]
    public void Range_and_thread_safety()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.DaysOff(1900));
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.IsWorkingDay(D(2200, 1, 1)));
        Assert.NotEmpty(Default.DaysOff(1901));
        Assert.NotEmpty(Default.DaysOff(2199));

        var cal = new HolidayCalendar(HolidayCalendar.LabourCode2019);
        var counts = new int[300];
        Parallel.For(0, 3000, i =>
        {
            int year = 1901 + i % 299;
            int n = 0;
            for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
                if (cal.IsWorkingDay(d)) n++;
            Interlocked.Exchange(ref counts[i % 299], n);
        });
        for (int i = 0; i < 299; i++)
        {
            int year = 1901 + i;
            int expected = 0;
            for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
                if (Default.IsWorkingDay(d)) expected++;
            Assert.Equal(expected, counts[i]);
        }
    }
}
