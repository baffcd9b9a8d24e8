using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Egov.Web.Tests;

public abstract class CalendarApiTests(HostFixture fixture)
{
    private EgovHost Host => fixture.Host;

    [Fact]
    public async Task Lunar_and_solar_conversions_are_anonymous_and_cacheable()
    {
        var anon = Host.Anonymous();
        var response = await anon.GetAsync("/api/v1/calendar/lunar?date=2026-02-17");
        var lunar = await response.Json(HttpStatusCode.OK);
        Assert.Equal("{\"year\":2026,\"month\":1,\"day\":1,\"leapMonth\":false}", lunar.GetRawText());
        Assert.True(response.Headers.CacheControl?.Public);
        var solar = await (await anon.GetAsync("/api/v1/calendar/solar?year=2026&month=1&day=1&leapMonth=false")).Json(HttpStatusCode.OK);
        Assert.Equal("2026-02-17", solar.GetProperty("date").GetString());
        var leap = await (await anon.GetAsync("/api/v1/calendar/solar?year=2025&month=6&day=1&leapMonth=true")).Json(HttpStatusCode.OK);
        Assert.Equal("2025-07-25", leap.GetProperty("date").GetString());
    }

    [Theory]
    [InlineData("/api/v1/calendar/lunar?date=17-02-2026", "date")]
    [InlineData("/api/v1/calendar/lunar?date=1850-01-01", "date")]
    [InlineData("/api/v1/calendar/lunar", "date")]
    [InlineData("/api/v1/calendar/solar?year=2026&month=4&day=1&leapMonth=true", "leapMonth")]
    [InlineData("/api/v1/calendar/solar?year=2026&month=13&day=1", "month")]
    [InlineData("/api/v1/calendar/solar?year=2026&month=1&day=31", "day")]
    [InlineData("/api/v1/calendar/solar?year=abc&month=1&day=1", "year")]
    [InlineData("/api/v1/calendar/solar?year=2026&month=1&day=1&leapMonth=maybe", "leapMonth")]
    [InlineData("/api/v1/calendar/holidays?year=3000", "year")]
    [InlineData("/api/v1/calendar/add?from=2026-02-13T16:00:00&workingDays=5", "from")]
    [InlineData("/api/v1/calendar/add?from=tomorrow&workingDays=5", "from")]
    [InlineData("/api/v1/calendar/add?from=2026-02-13T16:00:00%2B07:00", "workingDays")]
    [InlineData("/api/v1/calendar/add?from=2026-02-13T16:00:00%2B07:00&workingDays=-1", "workingDays")]
    [InlineData("/api/v1/calendar/add?from=2026-02-13T16:00:00%2B07:00&workingHours=NaN", "workingHours")]
    public async Task Bad_input_gets_a_problem_naming_the_parameter(string url, string field) =>
        await (await Host.Anonymous().GetAsync(url)).Problem(HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task A_day_30_that_does_not_exist_is_explained()
    {
        // Find a 29-day lunar month of 2026 through the API itself: day 30 of it must be refused.
        var anon = Host.Anonymous();
        for (var m = 1; m <= 12; m++)
        {
            var r = await anon.GetAsync($"/api/v1/calendar/solar?year=2026&month={m}&day=30");
            if (r.StatusCode == HttpStatusCode.OK) continue;
            Assert.Contains("chỉ có 29 ngày", await r.Problem(HttpStatusCode.BadRequest, "day"));
            return;
        }
        Assert.Fail("2026 should have a 29-day month");
    }

    [Fact]
    public async Task Holidays_of_2025_and_2026_and_working_time_addition()
    {
        var anon = Host.Anonymous();
        var y2026 = (await (await anon.GetAsync("/api/v1/calendar/holidays?year=2026")).Json(HttpStatusCode.OK)).EnumerateArray()
            .ToDictionary(d => d.GetProperty("date").GetString()!, d => (Name: d.GetProperty("name").GetString()!, Kind: d.GetProperty("kind").GetString()!));
        foreach (var tet in new[] { "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20" })
            Assert.Equal(("Tết Nguyên đán", "dayOff"), y2026[tet]);
        Assert.Equal("dayOff", y2026["2026-04-27"].Kind); // Giỗ Tổ falls on Sunday 26/04: substitute Monday
        Assert.Equal("Ngày Văn hóa Việt Nam", y2026["2026-11-24"].Name);
        Assert.Equal("workingDay", y2026["2026-01-10"].Kind);
        Assert.Equal("dayOff", y2026["2026-01-02"].Kind);

        var y2025 = (await (await anon.GetAsync("/api/v1/calendar/holidays?year=2025")).Json(HttpStatusCode.OK)).EnumerateArray()
            .Select(d => d.GetProperty("date").GetString()).ToHashSet();
        Assert.Contains("2025-01-27", y2025);
        Assert.Contains("2025-04-07", y2025); // Giỗ Tổ 10/3 Ất Tỵ
        Assert.DoesNotContain("2025-11-24", y2025);

        var due = await (await anon.GetAsync("/api/v1/calendar/add?from=2026-02-13T16:00:00%2B07:00&workingDays=5")).Json(HttpStatusCode.OK);
        Assert.Equal("2026-02-27T16:00:00+07:00", due.GetProperty("due").GetString());
        var hours = await (await anon.GetAsync("/api/v1/calendar/add?from=2026-02-13T16:00:00%2B07:00&workingHours=2")).Json(HttpStatusCode.OK);
        Assert.Equal("2026-02-23T08:30:00+07:00", hours.GetProperty("due").GetString());
    }

    [Fact]
    public async Task The_historical_calendar_before_1968_is_an_option()
    {
        var anon = Host.Anonymous();
        var vn = await (await anon.GetAsync("/api/v1/calendar/solar?year=2007&month=1&day=1")).Json(HttpStatusCode.OK);
        Assert.Equal("2007-02-17", vn.GetProperty("date").GetString());
        var utc8 = await (await anon.GetAsync("/api/v1/calendar/solar?year=2007&month=1&day=1&utcOffset=8")).Json(HttpStatusCode.OK);
        Assert.Equal("2007-02-18", utc8.GetProperty("date").GetString());
        await (await anon.GetAsync("/api/v1/calendar/lunar?date=1960-01-01&utcOffset=9")).Problem(HttpStatusCode.BadRequest, "utcOffset");
    }

    [Fact]
    public async Task Office_hours_per_agency_change_the_deadlines()
    {
        var admin = await Host.SignedInAsync("quantri");
        var commune = await (await admin.GetAsync("/api/v1/agencies/by-code/000.03.40.H56")).Json(HttpStatusCode.OK);
        var id = commune.GetProperty("id").GetGuid();
        var bad = await admin.PutAsJsonAsync($"/api/v1/calendar/office-hours/{id}", new { sessions = new[] { "07:00-11:00", "10:30-12:00", "25:00-26:00" } });
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        await bad.Problem(HttpStatusCode.BadRequest, "sessions[2]");
        Assert.True(problem.GetProperty("errors").TryGetProperty("sessions", out _));
        await (await admin.PutAsJsonAsync($"/api/v1/calendar/office-hours/{id}", new { sessions = new[] { "07:00-11:00", "13:00-17:00" }, sameDayCutoff = "16:00" })).Json(HttpStatusCode.OK);
        var hours = await (await Host.Anonymous().GetAsync($"/api/v1/calendar/office-hours/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("07:00-11:00", hours.GetProperty("sessions")[0].GetString());
        // Friday 13/02/2026 16:00 + 2 working hours: 1 h that day, 1 h from 07:00 on Monday 23/02 (after Tết).
        var due = await (await Host.Anonymous().GetAsync($"/api/v1/calendar/add?from=2026-02-13T16:00:00%2B07:00&workingHours=2&agencyId={id}")).Json(HttpStatusCode.OK);
        Assert.Equal("2026-02-23T08:00:00+07:00", due.GetProperty("due").GetString());
    }

    [Fact]
    public async Task A_dated_rule_change_applies_from_its_year()
    {
        var admin = await Host.SignedInAsync("quantri");
        var impossible = await admin.PostAsJsonAsync("/api/v1/calendar/rules", new { code = "THU", name = "Ngày thử", kind = "Solar", month = 2, day = 30 });
        await impossible.Problem(HttpStatusCode.BadRequest, "month");
        var clash = await admin.PostAsJsonAsync("/api/v1/calendar/rules", new { code = "GIO_TO", name = "Giỗ Tổ", kind = "Lunar", month = 3, day = 10 });
        await clash.Problem(HttpStatusCode.BadRequest, "code");
        var missing = await admin.PostAsJsonAsync("/api/v1/calendar/rules", new { code = "X" });
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        await missing.Problem(HttpStatusCode.BadRequest, "name");
        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));

        await (await admin.PostAsJsonAsync("/api/v1/calendar/rules", new { code = "NGAY_THU", name = "Ngày lễ thử nghiệm", kind = "Solar", month = 10, day = 6, fromYear = 2031 })).Json(HttpStatusCode.Created);
        var y2030 = await (await Host.Anonymous().GetAsync("/api/v1/calendar/holidays?year=2030")).Json(HttpStatusCode.OK);
        var y2031 = await (await Host.Anonymous().GetAsync("/api/v1/calendar/holidays?year=2031")).Json(HttpStatusCode.OK);
        Assert.DoesNotContain(y2030.EnumerateArray(), d => d.GetProperty("name").GetString() == "Ngày lễ thử nghiệm");
        Assert.Contains(y2031.EnumerateArray(), d => d.GetProperty("date").GetString() == "2031-10-06");
    }

    [Fact]
    public async Task Overrides_are_checked_and_change_the_calendar()
    {
        var admin = await Host.SignedInAsync("quantri");
        var saturday = await admin.PostAsJsonAsync("/api/v1/calendar/overrides", new { date = "2026-12-05", kind = "DayOff", name = "Nghỉ thêm" });
        await saturday.Problem(HttpStatusCode.BadRequest, "date");
        var tuesday = await admin.PostAsJsonAsync("/api/v1/calendar/overrides", new { date = "2026-12-01", kind = "WorkingDay", name = "Làm việc" });
        await tuesday.Problem(HttpStatusCode.BadRequest, "date");
        var existing = await admin.PostAsJsonAsync("/api/v1/calendar/overrides", new { date = "2026-01-10", kind = "DayOff", name = "Trùng" });
        await existing.Problem(HttpStatusCode.BadRequest, "date");

        var created = await (await admin.PostAsJsonAsync("/api/v1/calendar/overrides", new { date = "2026-12-31", kind = "DayOff", name = "Nghỉ cuối năm (thông báo thử)" })).Json(HttpStatusCode.Created);
        var list = await (await Host.Anonymous().GetAsync("/api/v1/calendar/holidays?year=2026")).Json(HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("date").GetString() == "2026-12-31");
        await (await admin.DeleteAsync($"/api/v1/calendar/overrides/{created.GetProperty("id").GetGuid()}")).Json(HttpStatusCode.NoContent);

        var leader = await Host.SignedInAsync("lanhdao");
        await (await leader.PostAsJsonAsync("/api/v1/calendar/overrides", new { date = "2026-12-31", kind = "DayOff", name = "x" })).Json(HttpStatusCode.Forbidden);
    }
}

[Collection("sqlite")] public sealed class CalendarApiSqlite(SqliteHost f) : CalendarApiTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class CalendarApiPostgres(PostgresHost f) : CalendarApiTests(f), IClassFixture<PostgresHost>;
