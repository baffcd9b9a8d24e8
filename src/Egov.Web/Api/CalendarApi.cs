using System.Globalization;
using Egov.Calendar;
using Egov.Calendar.Module;
using Egov.Platform.Validation;

namespace Egov.Web.Api;

/// <summary>
/// The working calendar: anonymous and cacheable reads (lunar/solar conversion, holidays, working-time
/// addition) and the holiday data that system administrators maintain.
/// </summary>
public sealed record OfficeHoursInput(IReadOnlyList<string>? Sessions, string? SameDayCutoff);

public static class CalendarApi
{
    public static void MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/calendar").WithTags("Calendar");
        g.MapGet("/lunar", (HttpResponse response, string? date, string? utcOffset) =>
        {
            var d = ParseDate(date, "date");
            var offset = Offset(utcOffset);
            Cache(response, TimeSpan.FromDays(30));
            var l = CalendarService.ToLunar(d, offset);
            return new { year = l.Year, month = l.Month, day = l.Day, leapMonth = l.LeapMonth };
        });
        g.MapGet("/solar", (HttpResponse response, string? year, string? month, string? day, string? leapMonth, string? utcOffset) =>
        {
            var errors = new ValidationErrors();
            var y = Int(year, "year", errors);
            var m = Int(month, "month", errors);
            var d = Int(day, "day", errors);
            var leap = false;
            if (!string.IsNullOrEmpty(leapMonth) && !bool.TryParse(leapMonth, out leap))
                errors.Add("leapMonth", "format", "leapMonth phải là true hoặc false.", "leapMonth must be true or false.");
            errors.ThrowIfAny();
            Cache(response, TimeSpan.FromDays(30));
            return new { date = CalendarService.ToSolar(y, m, d, leap, Offset(utcOffset)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        });
        g.MapGet("/holidays", async (CalendarService calendar, HttpResponse response, string? year, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            var y = Int(year, "year", errors);
            errors.ThrowIfAny();
            Cache(response, TimeSpan.FromMinutes(5));
            return (await calendar.HolidaysAsync(y, ct)).Select(d => new { date = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), name = d.Name, kind = d.Kind });
        });
        g.MapGet("/add", async (CalendarService calendar, HttpResponse response, string? from, string? workingDays, string? workingHours, Guid? agencyId, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            if (!CalendarText.TryParseInstant(from, out var start))
                errors.Add("from", "format", "Thời điểm \"from\" phải theo ISO 8601 có múi giờ, ví dụ 2026-02-13T16:00:00+07:00.",
                    "\"from\" must be an ISO 8601 instant with an offset, e.g. 2026-02-13T16:00:00+07:00.");
            int? days = null;
            double? hours = null;
            if (!string.IsNullOrEmpty(workingDays)) days = Int(workingDays, "workingDays", errors);
            if (!string.IsNullOrEmpty(workingHours))
            {
                if (double.TryParse(workingHours, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && double.IsFinite(h)) hours = h;
                else errors.Add("workingHours", "format", "workingHours phải là một số.", "workingHours must be a number.");
            }
            errors.ThrowIfAny();
            var due = await calendar.AddAsync(start, days, hours, agencyId, ct);
            Cache(response, TimeSpan.FromMinutes(5));
            return new { due = due.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) };
        });

        var admin = g.MapGroup("").RequireAuthorization();
        admin.MapGet("/overrides", (CalendarService c, int? year, CancellationToken ct) => c.OverridesAsync(year, ct));
        admin.MapPost("/overrides", async (CalendarService c, OverrideInput input, CancellationToken ct) =>
        {
            var created = await c.AddOverrideAsync(input, ct);
            return TypedResults.Created($"/api/v1/calendar/overrides/{created.Id}", created);
        });
        admin.MapDelete("/overrides/{id:guid}", async (CalendarService c, Guid id, CancellationToken ct) => { await c.DeleteOverrideAsync(id, ct); return TypedResults.NoContent(); });
        admin.MapGet("/rules", (CalendarService c, CancellationToken ct) => c.RulesAsync(ct));
        admin.MapPost("/rules", async (CalendarService c, RuleInput input, CancellationToken ct) =>
        {
            var created = await c.SaveRuleAsync(null, input, ct);
            return TypedResults.Created($"/api/v1/calendar/rules/{created.Id}", created);
        });
        g.MapGet("/office-hours/{agencyId:guid}", (CalendarService c, Guid agencyId, CancellationToken ct) => c.OfficeHoursAsync(agencyId, ct));
        admin.MapPut("/office-hours/{agencyId:guid}", (CalendarService c, Guid agencyId, OfficeHoursInput input, CancellationToken ct) =>
            c.SetOfficeHoursAsync(agencyId, input.Sessions, input.SameDayCutoff, ct));
        admin.MapPut("/rules/{id:guid}", (CalendarService c, Guid id, RuleInput input, CancellationToken ct) => c.SaveRuleAsync(id, input, ct));
    }

    /// <summary>"7" (default) or "8" — the historical calendar before 1968.</summary>
    private static int? Offset(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : int.TryParse(text.TrimStart('+'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var h) ? h
        : throw DomainValidationException.For("utcOffset", "format", "utcOffset phải là 7 hoặc 8.", "utcOffset must be 7 or 8.");

    private static void Cache(HttpResponse response, TimeSpan maxAge) =>
        response.Headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";

    private static DateOnly ParseDate(string? text, string field) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw DomainValidationException.For(field, "format", $"\"{field}\" phải là ngày dạng yyyy-MM-dd, ví dụ 2026-02-17.", $"\"{field}\" must be a date as yyyy-MM-dd.");

    private static int Int(string? text, string field, ValidationErrors errors)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        errors.Add(field, string.IsNullOrEmpty(text) ? "required" : "format", $"\"{field}\" phải là một số nguyên.", $"\"{field}\" must be an integer.");
        return 0;
    }
}
