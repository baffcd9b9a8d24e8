using System.Diagnostics;
using Egov.Calendar;

namespace Egov.Calendar.Tests;

public class WorkingCalendarTests
{
    private static readonly HolidayCalendar Holidays = new(HolidayCalendar.LabourCode2019);
    private static readonly WorkingCalendar Cal = new(Holidays, OfficeHours.Default);
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private static DateTimeOffset T(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, Vn);

    private static void Same(DateTimeOffset expected, DateTimeOffset actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(Vn, actual.Offset);
    }

    // 2025-03-10 is a Monday in an ordinary week.

    [Fact]
    public void Default_office_hours()
    {
        Assert.Equal(TimeSpan.FromHours(7.5), Cal.WorkingDayLength);
        Assert.Equal(new TimeOnly(15, 0), OfficeHours.Default.SameDayCutoff);
        Assert.Equal(2, OfficeHours.Default.Sessions.Count);
    }

    [Theory]
    [InlineData(7, 29, false)]
    [InlineData(7, 30, true)]
    [InlineData(11, 29, true)]
    [InlineData(11, 30, false)]
    [InlineData(13, 30, true)]
    [InlineData(16, 59, true)]
    [InlineData(17, 0, false)]
    public void Working_moments(int h, int m, bool working) =>
        Assert.Equal(working, Cal.IsWorkingMoment(T(2025, 3, 10, h, m)));

    [Fact]
    public void Next_working_moment()
    {
        Same(T(2025, 3, 10, 9), Cal.NextWorkingMoment(T(2025, 3, 10, 9)));
        Same(T(2025, 3, 10, 7, 30), Cal.NextWorkingMoment(T(2025, 3, 10, 6)));
        Same(T(2025, 3, 10, 13, 30), Cal.NextWorkingMoment(T(2025, 3, 10, 12)));
        Same(T(2025, 3, 11, 7, 30), Cal.NextWorkingMoment(T(2025, 3, 10, 17)));
        Same(T(2025, 3, 17, 7, 30), Cal.NextWorkingMoment(T(2025, 3, 15, 10))); // Saturday
        Assert.False(Cal.IsWorkingMoment(T(2025, 3, 15, 10)));
    }

    [Fact]
    public void One_working_day_from_the_start_of_a_day_ends_that_day()
    {
        Same(T(2025, 3, 10, 17), Cal.AddWorkingDays(T(2025, 3, 10, 7, 30), 1));
        Same(T(2025, 3, 10, 17), Cal.AddWorkingDays(T(2025, 3, 10, 6, 0), 1));
        Same(T(2025, 3, 14, 17), Cal.AddWorkingDays(T(2025, 3, 10, 7, 30), 5));
        Same(T(2025, 3, 10, 7, 30), Cal.AddWorkingDays(T(2025, 3, 10, 7, 30), 0));
        Same(T(2025, 3, 10, 13, 30), Cal.AddWorkingDays(T(2025, 3, 10, 12, 0), 0));
    }

    [Fact]
    public void Working_days_across_a_weekend()
    {
        Same(T(2025, 3, 17, 10), Cal.AddWorkingDays(T(2025, 3, 14, 10), 1));   // Fri → Mon
        Same(T(2025, 3, 21, 14), Cal.AddWorkingDays(T(2025, 3, 14, 14), 5));
        Same(T(2025, 3, 18, 17), Cal.AddWorkingDays(T(2025, 3, 15, 9), 2));    // Saturday → from Mon 07:30
        // Lunch: counted from 13:30 = 4 h into Monday; 4 h into Tuesday is 11:30 (the end of a session, as for hours).
        Same(T(2025, 3, 11, 11, 30), Cal.AddWorkingDays(T(2025, 3, 10, 12), 1));
        Same(T(2025, 3, 11, 11, 30), Cal.AddWorkingHours(T(2025, 3, 10, 12), 7.5));
    }

    [Fact]
    public void Working_days_across_tet()
    {
        // Tết 2026: 16/02–20/02 (Mon–Fri) off, weekends either side.
        Same(T(2026, 2, 23, 10), Cal.AddWorkingDays(T(2026, 2, 13, 10), 1));
        Same(T(2026, 2, 24, 10), Cal.AddWorkingDays(T(2026, 2, 13, 10), 2));
        Same(T(2026, 2, 23, 17), Cal.AddWorkingDays(T(2026, 2, 16, 9), 1));
        Assert.Equal(TimeSpan.FromHours(7), Cal.WorkingTimeBetween(T(2026, 2, 13, 10), T(2026, 2, 23, 9, 30)));
        Same(T(2026, 2, 23, 9), Cal.AddWorkingHours(T(2026, 2, 13, 16), 2.5));
    }

    [Fact]
    public void Working_hours_across_the_lunch_break_and_session_ends()
    {
        Same(T(2025, 3, 10, 14, 30), Cal.AddWorkingHours(T(2025, 3, 10, 10, 30), 2));
        Same(T(2025, 3, 10, 11, 30), Cal.AddWorkingHours(T(2025, 3, 10, 9, 30), 2));  // stays at the end of the session
        Same(T(2025, 3, 10, 17), Cal.AddWorkingHours(T(2025, 3, 10, 7, 30), 7.5));
        Same(T(2025, 3, 11, 7, 45), Cal.AddWorkingHours(T(2025, 3, 10, 7, 30), 7.75));
        Same(T(2025, 3, 11, 17), Cal.AddWorkingHours(T(2025, 3, 10, 7, 30), 15));
        Same(T(2025, 3, 17, 8, 30), Cal.AddWorkingHours(T(2025, 3, 14, 16), 2));     // across a weekend
        Same(T(2025, 3, 10, 13, 30), Cal.AddWorkingHours(T(2025, 3, 10, 12), 0));
        Same(T(2025, 3, 10, 14), Cal.AddWorkingHours(T(2025, 3, 10, 11, 30), 0.5));
        Same(T(2025, 3, 17, 17), Cal.AddWorkingHours(T(2025, 3, 10, 7, 30), 6 * 7.5));
    }

    [Fact]
    public void Same_day_cut_off()
    {
        var sameDay = new ProcessingTime(0, TimeUnit.WorkingDays);
        Same(T(2025, 3, 10, 17), Cal.Appointment(T(2025, 3, 10, 14, 59), sameDay));
        Same(T(2025, 3, 11, 17), Cal.Appointment(T(2025, 3, 10, 15, 0), sameDay));
        Same(T(2025, 3, 11, 17), Cal.Appointment(T(2025, 3, 10, 18, 0), sameDay));  // evening → next morning, before cut-off
        Same(T(2025, 3, 17, 17), Cal.Appointment(T(2025, 3, 14, 16, 0), sameDay));  // Friday after cut-off → Monday
        Same(T(2025, 3, 17, 17), Cal.Appointment(T(2025, 3, 15, 10, 0), sameDay));  // Saturday → Monday
    }

    [Fact]
    public void Dossier_received_the_evening_before_a_holiday()
    {
        // Wed 29/04/2026 20:00; 30/04 and 01/05 are off, then the weekend: counted from Mon 04/05 07:30.
        var received = T(2026, 4, 29, 20);
        Same(T(2026, 5, 4, 7, 30), Cal.NextWorkingMoment(received));
        Same(T(2026, 5, 4, 17), Cal.Appointment(received, new ProcessingTime(1, TimeUnit.WorkingDays)));
        Same(T(2026, 5, 6, 17), Cal.Appointment(received, new ProcessingTime(3, TimeUnit.WorkingDays)));
        Same(T(2026, 5, 4, 9, 30), Cal.Appointment(received, new ProcessingTime(2, TimeUnit.WorkingHours)));
        Same(T(2026, 5, 4, 17), Cal.Appointment(received, new ProcessingTime(0, TimeUnit.WorkingDays)));
    }

    [Fact]
    public void Fractional_working_days_count_eight_hours_a_day()
    {
        // 0.5 day = 4 working hours: Mon 07:30 → 11:30; 1.5 days = 12 h: Mon 07:30 → Tue 12 - 7.5 = 4.5 h → 14:00.
        Same(T(2025, 3, 10, 11, 30), Cal.Appointment(T(2025, 3, 10, 7, 30), new ProcessingTime(0.5, TimeUnit.WorkingDays)));
        Same(T(2025, 3, 11, 14), Cal.Appointment(T(2025, 3, 10, 7, 30), new ProcessingTime(1.5, TimeUnit.WorkingDays)));
        Same(T(2025, 3, 12, 17), Cal.Appointment(T(2025, 3, 10, 7, 30), new ProcessingTime(3, TimeUnit.WorkingDays)));
    }

    [Fact]
    public void Inputs_in_utc_and_other_offsets_are_read_as_vietnam_time()
    {
        var utc = new DateTimeOffset(2025, 3, 10, 3, 0, 0, TimeSpan.Zero);          // 10:00 in Vietnam
        var newYork = new DateTimeOffset(2025, 3, 9, 22, 0, 0, TimeSpan.FromHours(-5)); // same instant
        var tokyo = new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.FromHours(9));   // same instant
        foreach (var input in new[] { utc, newYork, tokyo })
        {
            Assert.True(Cal.IsWorkingMoment(input));
            Same(T(2025, 3, 10, 10), Cal.NextWorkingMoment(input));
            Same(T(2025, 3, 11, 10), Cal.AddWorkingDays(input, 1));
            Same(T(2025, 3, 10, 14, 30), Cal.AddWorkingHours(input, 2.5)); // 1.5 h before lunch, 1 h after
            Same(T(2025, 3, 10, 17), Cal.Appointment(input, new ProcessingTime(0, TimeUnit.WorkingDays)));
        }
        // 2025-03-10 17:00 UTC is Tuesday 00:00 in Vietnam: not a working moment; Monday in UTC.
        var lateUtc = new DateTimeOffset(2025, 3, 10, 17, 0, 0, TimeSpan.Zero);
        Assert.False(Cal.IsWorkingMoment(lateUtc));
        Same(T(2025, 3, 11, 7, 30), Cal.NextWorkingMoment(lateUtc));
        // Saturday 02:00 UTC = Saturday 09:00 in Vietnam, but Friday 21:00 in New York.
        Assert.False(Cal.IsWorkingMoment(new DateTimeOffset(2025, 3, 14, 21, 0, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void Working_time_between()
    {
        Assert.Equal(TimeSpan.FromHours(2), Cal.WorkingTimeBetween(T(2025, 3, 14, 16), T(2025, 3, 17, 8, 30))); // weekend
        Assert.Equal(TimeSpan.FromHours(1), Cal.WorkingTimeBetween(T(2025, 3, 10, 11), T(2025, 3, 10, 14)));    // lunch
        Assert.Equal(TimeSpan.FromHours(37.5), Cal.WorkingTimeBetween(T(2025, 3, 10, 7, 30), T(2025, 3, 17, 7, 30)));
        Assert.Equal(TimeSpan.FromHours(37.5), Cal.WorkingTimeBetween(T(2025, 3, 8, 0), T(2025, 3, 15, 0)));
        Assert.Equal(TimeSpan.Zero, Cal.WorkingTimeBetween(T(2025, 3, 10, 12), T(2025, 3, 10, 13)));
        Assert.Equal(TimeSpan.Zero, Cal.WorkingTimeBetween(T(2025, 3, 10, 14), T(2025, 3, 10, 10)));
        Assert.Equal(TimeSpan.Zero, Cal.WorkingTimeBetween(T(2025, 3, 10, 14), T(2025, 3, 10, 14)));
        Assert.Equal(TimeSpan.FromHours(0.5), // 04:00 UTC = 11:00 in Vietnam
            Cal.WorkingTimeBetween(new DateTimeOffset(2025, 3, 10, 4, 0, 0, TimeSpan.Zero), T(2025, 3, 10, 11, 30)));
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Cal.AddWorkingDays(T(2025, 3, 10, 9), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cal.AddWorkingHours(T(2025, 3, 10, 9), -1));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(Holidays,
            new OfficeHours([(new TimeOnly(13, 0), new TimeOnly(17, 0)), (new TimeOnly(8, 0), new TimeOnly(12, 0))], new TimeOnly(15, 0))));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(Holidays, new OfficeHours([], new TimeOnly(15, 0))));
    }

    /// <summary>Reference: walk day by day, a working day being Mon–Fri not listed in DaysOff, or a working weekend day.</summary>
    private static List<DateOnly> ReferenceWorkingDays(HolidayCalendar holidays, DateOnly from, int calendarDays)
    {
        var off = new HashSet<DateOnly>();
        var on = new HashSet<DateOnly>();
        for (int y = from.Year; y <= from.AddDays(calendarDays).Year; y++)
        {
            off.UnionWith(holidays.DaysOff(y).Select(d => d.Date));
            on.UnionWith(holidays.WorkingWeekendDays(y).Select(d => d.Date));
        }
        var result = new List<DateOnly>();
        for (int i = 0; i < calendarDays; i++)
        {
            var d = from.AddDays(i);
            bool weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (on.Contains(d) || (!weekend && !off.Contains(d))) result.Add(d);
        }
        return result;
    }

    [Fact]
    public void Add_working_days_matches_a_day_by_day_reference_over_10000_days()
    {
        var settings = HolidayCalendar.LabourCode2019 with
        {
            Overrides =
            [
                new(new DateOnly(2027, 2, 6), OverrideKind.WorkingDay, "Làm bù"),
                new(new DateOnly(2027, 2, 12), OverrideKind.DayOff, "Nghỉ Tết"),
                new(new DateOnly(2030, 9, 3), OverrideKind.DayOff, "Nghỉ Quốc khánh"),
            ],
        };
        var holidays = new HolidayCalendar(settings);
        var cal = new WorkingCalendar(holidays, OfficeHours.Default);
        var start = new DateOnly(2025, 1, 1);
        var reference = ReferenceWorkingDays(holidays, start, 10_000);
        Assert.Equal(reference.Count, reference.Distinct().Count());
        Assert.Contains(new DateOnly(2027, 2, 6), reference);
        Assert.DoesNotContain(new DateOnly(2027, 2, 12), reference);

        // Every calendar day of the reference range agrees with IsWorkingDay.
        var set = reference.ToHashSet();
        for (int i = 0; i < 10_000; i++)
            Assert.Equal(set.Contains(start.AddDays(i)), holidays.IsWorkingDay(start.AddDays(i)));

        // Mid-session start on the first working day: the n-th working day after it, same time of day.
        var first = reference[0];
        var from = new DateTimeOffset(first.ToDateTime(new TimeOnly(9, 15)), Vn);
        var fromStart = new DateTimeOffset(first.ToDateTime(new TimeOnly(7, 30)), Vn);
        var watch = Stopwatch.StartNew();
        for (int n = 1; n < reference.Count; n++)
        {
            var expected = new DateTimeOffset(reference[n].ToDateTime(new TimeOnly(9, 15)), Vn);
            Assert.Equal(expected, cal.AddWorkingDays(from, n));
            var expectedEnd = new DateTimeOffset(reference[n - 1].ToDateTime(new TimeOnly(17, 0)), Vn);
            Assert.Equal(expectedEnd, cal.AddWorkingDays(fromStart, n));
        }
        // Each working day is the whole of its sessions.
        foreach (int n in new[] { 1, 7, 250, 1000, reference.Count - 1 })
        {
            Assert.Equal(TimeSpan.FromHours(7.5 * n), cal.WorkingTimeBetween(from, cal.AddWorkingDays(from, n)));
            Assert.Equal(TimeSpan.FromHours(7.5 * n), cal.WorkingTimeBetween(fromStart, cal.AddWorkingDays(fromStart, n)));
            Assert.Equal(cal.AddWorkingDays(from, n), cal.AddWorkingHours(from, 7.5 * n));
        }
        // From every working day of the range, a few steps.
        for (int i = 0; i < reference.Count - 40; i += 3)
        {
            var f = new DateTimeOffset(reference[i].ToDateTime(new TimeOnly(14, 0)), Vn);
            Assert.Equal(new DateTimeOffset(reference[i + 37].ToDateTime(new TimeOnly(14, 0)), Vn), cal.AddWorkingDays(f, 37));
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
