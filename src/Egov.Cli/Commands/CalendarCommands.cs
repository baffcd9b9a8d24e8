using System.CommandLine;
using System.Globalization;
using Egov.Calendar.Module;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Cli.Commands;

/// <summary>egov calendar lunar|solar|holidays|add — the same answers as /api/v1/calendar.</summary>
internal static class CalendarCommands
{
    public static Command Calendar(EgovCli cli)
    {
        var date = new Argument<string>("date") { Description = "Ngày dương lịch / Solar date, yyyy-MM-dd" };
        var lunar = new Command("lunar", "Đổi ngày dương lịch sang âm lịch / Solar → lunar date") { date };
        cli.SetAction(lunar, (ctx, parsed, _) =>
        {
            var text = parsed.GetValue(date);
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                throw DomainValidationException.For("date", "format", $"\"{text}\" không phải ngày dạng yyyy-MM-dd.", $"\"{text}\" is not a yyyy-MM-dd date.");
            var l = CalendarService.ToLunar(d);
            ctx.Io.Out.WriteLine($"{l.Day:00}/{l.Month:00}{(l.LeapMonth ? " (nhuận / leap)" : "")}/{l.Year} âm lịch / lunar");
            return Task.FromResult(ExitCodes.Ok);
        }, new Dictionary<string, string> { ["date"] = "date" });

        var year = new Argument<int>("year") { Description = "Năm âm lịch / Lunar year" };
        var month = new Argument<int>("month") { Description = "Tháng âm lịch / Lunar month (1–12)" };
        var day = new Argument<int>("day") { Description = "Ngày âm lịch / Lunar day (1–30)" };
        var leap = new Option<bool>("--leap") { Description = "Tháng nhuận / The leap month" };
        var solar = new Command("solar", "Đổi ngày âm lịch sang dương lịch / Lunar → solar date") { year, month, day, leap };
        cli.SetAction(solar, (ctx, parsed, _) =>
        {
            var d = CalendarService.ToSolar(parsed.GetValue(year), parsed.GetValue(month), parsed.GetValue(day), parsed.GetValue(leap));
            ctx.Io.Out.WriteLine(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + $" ({d:dd/MM/yyyy}, {Weekday(d)})");
            return Task.FromResult(ExitCodes.Ok);
        }, new Dictionary<string, string> { ["leapMonth"] = "--leap" });

        var holidaysYear = new Argument<int>("year") { Description = "Năm / Year" };
        var holidays = new Command("holidays", "Các ngày nghỉ (ngoài thứ Bảy, Chủ nhật) và ngày làm bù của năm / Days off and swapped working days of a year") { holidaysYear };
        cli.SetAction(holidays, async (ctx, parsed, ct) =>
        {
            await using var scope = await CalendarScopeAsync(ctx, ct);
            var list = await scope.ServiceProvider.GetRequiredService<CalendarService>().HolidaysAsync(parsed.GetValue(holidaysYear), ct);
            foreach (var d in list)
                ctx.Io.Out.WriteLine($"{d.Date:yyyy-MM-dd}  {Weekday(d.Date),-9} {(d.Kind == "workingDay" ? "làm việc / working" : "nghỉ / off"),-18} {d.Name}");
            return ExitCodes.Ok;
        });

        var from = new Option<string>("--from") { Description = "Thời điểm bắt đầu / Start, ISO 8601 with offset, e.g. 2026-02-13T16:00:00+07:00", Required = true };
        var days = new Option<int?>("--working-days") { Description = "Số ngày làm việc / Working days" };
        var hours = new Option<double?>("--working-hours") { Description = "Số giờ làm việc / Working hours" };
        var add = new Command("add", "Cộng ngày hoặc giờ làm việc / Add working days or hours") { from, days, hours };
        cli.SetAction(add, async (ctx, parsed, ct) =>
        {
            var text = parsed.GetValue(from);
            if (!CalendarText.TryParseInstant(text, out var start))
                throw DomainValidationException.For("from", "format", $"\"{text}\" không phải thời điểm ISO 8601 có múi giờ.", $"\"{text}\" is not an ISO 8601 instant with an offset.");
            await using var scope = await CalendarScopeAsync(ctx, ct);
            var due = await scope.ServiceProvider.GetRequiredService<CalendarService>().AddAsync(start, parsed.GetValue(days), parsed.GetValue(hours), null, ct);
            ctx.Io.Out.WriteLine($"{due:yyyy-MM-dd'T'HH:mm:sszzz} ({due:HH:mm dd/MM/yyyy}, {Weekday(DateOnly.FromDateTime(due.DateTime))})");
            return ExitCodes.Ok;
        }, new Dictionary<string, string> { ["from"] = "--from", ["workingDays"] = "--working-days", ["workingHours"] = "--working-hours" });

        return new Command("calendar", "Lịch làm việc: âm lịch, ngày nghỉ, cộng thời gian làm việc / Working calendar") { lunar, solar, holidays, add };
    }

    /// <summary>The calendar's data must exist: migrate first; an empty calendar gets the national rules.</summary>
    private static async Task<AsyncServiceScope> CalendarScopeAsync(CliContext ctx, CancellationToken ct)
    {
        await ctx.RequireMigratedAsync(ct);
        var scope = ctx.Scope();
        await CalendarService.SeedAsync(scope.ServiceProvider.GetRequiredService<EgovDbContext>(), TimeProvider.System, ct);
        return scope;
    }

    private static string Weekday(DateOnly d) => CalendarText.WeekdayVi(d.DayOfWeek);
}
