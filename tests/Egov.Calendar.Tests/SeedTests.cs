using Egov.Calendar.Module;

namespace Egov.Calendar.Tests;

/// <summary>The holiday data shipped in Seed/holidays.json is consistent and gives the announced spans.</summary>
public class SeedTests
{
    private static readonly HolidayCalendar Seeded = new(CalendarService.LoadSeed());

    [Fact]
    public void The_seed_has_no_contradiction() => Assert.Empty(HolidayCalendar.Validate(CalendarService.LoadSeed()));

    [Fact]
    public void The_seed_rules_are_the_labour_code_rules() =>
        Assert.Equal(HolidayCalendar.LabourCode2019.Rules.OrderBy(r => r.Code), CalendarService.LoadSeed().Rules.OrderBy(r => r.Code));

    [Theory]
    [InlineData("2025-01-25", "2025-02-02")] // Tết Ất Tỵ: nine days off for civil servants
    [InlineData("2025-04-30", "2025-05-04")] // 30/4 – 1/5 with Friday 02/05 swapped for Saturday 26/04
    [InlineData("2025-08-30", "2025-09-02")] // Quốc khánh
    [InlineData("2026-01-01", "2026-01-04")] // Tết Dương lịch 2026 with Friday 02/01 swapped for Saturday 10/01
    [InlineData("2026-02-14", "2026-02-22")] // Tết Bính Ngọ
    [InlineData("2026-04-25", "2026-04-27")] // Giỗ Tổ on Sunday 26/04, Monday off
    [InlineData("2026-04-30", "2026-05-03")]
    public void Announced_spans_are_unbroken_runs_of_days_off(string from, string to)
    {
        var first = DateOnly.Parse(from);
        var last = DateOnly.Parse(to);
        for (var d = first; d <= last; d = d.AddDays(1)) Assert.False(Seeded.IsWorkingDay(d), $"{d:dd/MM/yyyy} should be off");
        Assert.True(Seeded.IsWorkingDay(first.AddDays(-1)) || first.AddDays(-1).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.True(Seeded.IsWorkingDay(last.AddDays(1)), $"{last.AddDays(1):dd/MM/yyyy} should be a working day");
    }

    [Theory]
    [InlineData("2025-02-15", false)] // no make-up Saturday for Tết 2025 in the seed: the span is days off only
    [InlineData("2025-04-26", true)]
    [InlineData("2026-01-10", true)]
    public void Swapped_saturdays_are_working_days(string date, bool working) => Assert.Equal(working, Seeded.IsWorkingDay(DateOnly.Parse(date)));
}
