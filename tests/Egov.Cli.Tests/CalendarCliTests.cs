namespace Egov.Cli.Tests;

/// <summary>egov calendar answers as the API does.</summary>
public sealed class CalendarCliTests(SeededSqlite db) : IClassFixture<SeededSqlite>
{
    [Fact]
    public async Task Converts_between_solar_and_lunar_dates()
    {
        var lunar = await Cli.RunOnAsync(db.Connection, "calendar", "lunar", "2026-02-17");
        lunar.Succeeded();
        Assert.Contains("01/01/2026 âm lịch", lunar.Out);
        var solar = await Cli.RunOnAsync(db.Connection, "calendar", "solar", "2025", "6", "1", "--leap");
        solar.Succeeded();
        Assert.Contains("2025-07-25", solar.Out);
        var impossible = await Cli.RunOnAsync(db.Connection, "calendar", "solar", "2026", "4", "1", "--leap");
        impossible.Failed(1);
        Assert.Contains("--leap", impossible.Err);
        Assert.Contains("không có tháng", impossible.Err);
        var bad = await Cli.RunOnAsync(db.Connection, "calendar", "lunar", "17/02/2026");
        bad.Failed(1);
        Assert.Contains("yyyy-MM-dd", bad.Err);
    }

    [Fact]
    public async Task Lists_the_holidays_and_adds_working_days()
    {
        var holidays = await Cli.RunOnAsync(db.Connection, "calendar", "holidays", "2026");
        holidays.Succeeded();
        Assert.Contains("2026-02-16", holidays.Out);
        Assert.Contains("Tết Nguyên đán", holidays.Out);
        Assert.Contains("2026-11-24", holidays.Out);
        Assert.Contains("2026-01-10", holidays.Out);

        var add = await Cli.RunOnAsync(db.Connection, "calendar", "add", "--from", "2026-02-13T16:00:00+07:00", "--working-days", "5");
        add.Succeeded();
        Assert.Contains("2026-02-27T16:00:00+07:00", add.Out);
        var wrong = await Cli.RunOnAsync(db.Connection, "calendar", "add", "--from", "2026-02-13 16:00", "--working-days", "5");
        wrong.Failed(1);
        Assert.Contains("--from", wrong.Err);
    }
}
