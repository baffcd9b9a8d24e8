using System.Text.Json;
using System.Text.Json.Serialization;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Calendar.Module;

public sealed record LunarView(int Year, int Month, int Day, bool LeapMonth);
public sealed record CalendarDayView(DateOnly Date, string Name, string Kind);
public sealed record OverrideInput(DateOnly? Date, OverrideKind? Kind, string? Name);
public sealed record OverrideView(Guid Id, DateOnly Date, OverrideKind Kind, string Name);
public sealed record RuleInput(string? Code, string? Name, HolidayDateKind? Kind, int? Month, int? Day, int? OffsetDays, int? LengthDays, int? FromYear, int? ToYear);
public sealed record RuleView(Guid Id, string Code, string Name, HolidayDateKind Kind, int Month, int Day, int OffsetDays, int LengthDays, int? FromYear, int? ToYear);
public sealed record OfficeHoursView(Guid? AgencyId, IReadOnlyList<string> Sessions, string SameDayCutoff);

/// <summary>
/// The working calendar of the province: lunar conversions, the holiday rules and yearly overrides stored as
/// data, office hours, and working-time arithmetic. Reading is open to everyone; changing the holiday data
/// needs a system administrator. Every other module asks this service for deadlines.
/// </summary>
public sealed class CalendarService(EgovDbContext db, ICallerContext caller, CalendarCache cache, TimeProvider clock)
{
    /// <summary>UTC+7 is Vietnam's calendar since 1968; UTC+8 gives the calendar used before (and China's).</summary>
    public static LunarCalendar CalendarFor(int? utcOffsetHours) => utcOffsetHours switch
    {
        null or 7 => LunarCalendar.Vietnam,
        8 => LunarCalendar.UtcPlus8,
        _ => throw DomainValidationException.For("utcOffset", "unsupported", "Chỉ hỗ trợ múi giờ 7 (mặc định, từ năm 1968) hoặc 8 (lịch trước năm 1968).",
            "Only offset 7 (default, since 1968) or 8 (the calendar before 1968) is supported."),
    };

    public static LunarView ToLunar(DateOnly date, int? utcOffsetHours = null)
    {
        var calendar = CalendarFor(utcOffsetHours);
        if (date < LunarCalendar.MinSolarDate || date > LunarCalendar.MaxSolarDate)
            throw OutOfRange("date");
        var l = calendar.ToLunar(date);
        return new LunarView(l.Year, l.Month, l.Day, l.IsLeapMonth);
    }

    /// <summary>Lunar → solar with a specific Vietnamese reason for every impossible date.</summary>
    public static DateOnly ToSolar(int year, int month, int day, bool leapMonth, int? utcOffsetHours = null)
    {
        var calendar = CalendarFor(utcOffsetHours);
        var errors = new ValidationErrors();
        if (year < LunarCalendar.MinYear || year > LunarCalendar.MaxYear)
            errors.Add("year", "range", $"Năm âm lịch phải từ {LunarCalendar.MinYear} đến {LunarCalendar.MaxYear}.", $"The lunar year must be {LunarCalendar.MinYear}–{LunarCalendar.MaxYear}.");
        if (month is < 1 or > 12) errors.Add("month", "range", "Tháng âm lịch phải từ 1 đến 12.", "The lunar month must be 1–12.");
        if (day is < 1 or > 30) errors.Add("day", "range", "Ngày âm lịch phải từ 1 đến 30.", "The lunar day must be 1–30.");
        errors.ThrowIfAny();
        if (leapMonth && calendar.LeapMonth(year) is var leap && leap != month)
            throw DomainValidationException.For("leapMonth", "noSuchLeapMonth",
                leap is null ? $"Năm âm lịch {year} không có tháng nhuận." : $"Năm âm lịch {year} không có tháng {month} nhuận (tháng nhuận của năm là tháng {leap}).",
                leap is null ? $"Lunar year {year} has no leap month." : $"Lunar year {year} has no leap month {month} (its leap month is {leap}).");
        if (day == 30 && calendar.DaysInMonth(year, month, leapMonth) == 29)
            throw DomainValidationException.For("day", "noDay30", $"Tháng {month}{(leapMonth ? " nhuận" : "")} năm {year} âm lịch chỉ có 29 ngày.",
                $"Lunar month {month}{(leapMonth ? " (leap)" : "")} of {year} has only 29 days.");
        try
        {
            return calendar.ToSolar(new LunarDate(year, month, day, leapMonth));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw OutOfRange("year");
        }
    }

    private static DomainValidationException OutOfRange(string field) => DomainValidationException.For(field, "range",
        $"Ngày nằm ngoài phạm vi lịch hỗ trợ ({LunarCalendar.MinSolarDate:dd/MM/yyyy} – {LunarCalendar.MaxSolarDate:dd/MM/yyyy}).",
        $"The date is outside the supported range ({LunarCalendar.MinSolarDate:yyyy-MM-dd} – {LunarCalendar.MaxSolarDate:yyyy-MM-dd}).");

    public async Task<IReadOnlyList<CalendarDayView>> HolidaysAsync(int year, CancellationToken ct = default)
    {
        if (year is < 1901 or > 2199)
            throw DomainValidationException.For("year", "range", "Năm phải từ 1901 đến 2199.", "The year must be 1901–2199.");
        var holidays = (await cache.GetAsync(db, ct)).Holidays;
        return holidays.DaysOff(year).Select(d => new CalendarDayView(d.Date, d.Name, "dayOff"))
            .Concat(holidays.WorkingWeekendDays(year).Select(w => new CalendarDayView(w.Date, w.Name, "workingDay")))
            .OrderBy(d => d.Date).ToList();
    }

    public async Task<WorkingCalendar> WorkingCalendarAsync(Guid? agencyId = null, CancellationToken ct = default)
    {
        var snapshot = await cache.GetAsync(db, ct);
        var hours = agencyId is { } id && snapshot.OfficeHours.TryGetValue(id, out var h) ? h : OfficeHours.Default;
        return snapshot.For(hours);
    }

    /// <summary>Adds working days or working hours to an instant, in the agency's office hours.</summary>
    public async Task<DateTimeOffset> AddAsync(DateTimeOffset from, int? workingDays, double? workingHours, Guid? agencyId = null, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        if (workingDays is null == workingHours is null)
            errors.Add("workingDays", "oneOf", "Cần đúng một trong hai tham số workingDays hoặc workingHours.", "Give exactly one of workingDays or workingHours.");
        if (workingDays is < 0 or > 3650) errors.Add("workingDays", "range", "Số ngày làm việc phải từ 0 đến 3650.", "workingDays must be 0–3650.");
        if (workingHours is < 0 or > 30000 || workingHours is double.NaN) errors.Add("workingHours", "range", "Số giờ làm việc phải từ 0 đến 30000.", "workingHours must be 0–30000.");
        var local = from.ToOffset(WorkingCalendar.VietnamOffset);
        if (local.Year is < 1901 or > 2190) errors.Add("from", "range", "Thời điểm bắt đầu phải trong khoảng năm 1901–2190.", "The start must be within 1901–2190.");
        errors.ThrowIfAny();
        var calendar = await WorkingCalendarAsync(agencyId, ct);
        return workingDays is { } days ? calendar.AddWorkingDays(from, days) : calendar.AddWorkingHours(from, workingHours!.Value);
    }

    public async Task<IReadOnlyList<OverrideView>> OverridesAsync(int? year, CancellationToken ct = default)
    {
        var q = db.Set<CalendarOverrideRecord>().AsNoTracking();
        if (year is { } y) q = q.Where(o => o.Date >= new DateOnly(y, 1, 1) && o.Date <= new DateOnly(y, 12, 31));
        return await q.OrderBy(o => o.Date).Select(o => new OverrideView(o.Id, o.Date, o.Kind, o.Name)).ToListAsync(ct);
    }

    /// <summary>Adds one announced day; refused with the reason when it contradicts the rules or another override.</summary>
    public async Task<OverrideView> AddOverrideAsync(OverrideInput input, CancellationToken ct = default)
    {
        RequireAdmin();
        var errors = new ValidationErrors();
        if (input.Date is null) errors.Add("date", "required", "Ngày là bắt buộc.", "The date is required.");
        else if (input.Date.Value.Year is < 1901 or > 2199) errors.Add("date", "range", "Năm phải từ 1901 đến 2199.", "The year must be 1901–2199.");
        if (input.Kind is null || !Enum.IsDefined(input.Kind.Value)) errors.Add("kind", "required", "Loại ngày (nghỉ hoặc làm việc) là bắt buộc.", "The kind (DayOff or WorkingDay) is required.");
        var name = errors.RequiredText("name", input.Name, 300, "Tên, lý do", "Name");
        errors.ThrowIfAny();
        var candidate = new CalendarOverride(input.Date!.Value, input.Kind!.Value, name!);
        var current = await SettingsAsync(ct);
        var problems = HolidayCalendar.Validate(current with { Overrides = [.. current.Overrides, candidate] })
            .Where(p => p.Date == candidate.Date).ToList();
        foreach (var p in problems) errors.Add("date", p.Code, p.MessageVi, p.MessageEn);
        errors.ThrowIfAny();
        var record = new CalendarOverrideRecord { Id = Ids.New(), Date = candidate.Date, Kind = candidate.Kind, Name = candidate.Name, UpdatedAt = clock.GetUtcNow().UtcDateTime };
        db.Add(record);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return new OverrideView(record.Id, record.Date, record.Kind, record.Name);
    }

    public async Task DeleteOverrideAsync(Guid id, CancellationToken ct = default)
    {
        RequireAdmin();
        var record = await db.Set<CalendarOverrideRecord>().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("override");
        db.Remove(record);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
    }

    public async Task<IReadOnlyList<RuleView>> RulesAsync(CancellationToken ct = default) =>
        (await db.Set<HolidayRuleRecord>().AsNoTracking().ToListAsync(ct))
            .OrderBy(r => r.Kind).ThenBy(r => r.Month).ThenBy(r => r.Day).ThenBy(r => r.FromYear)
            .Select(View).ToList();

    /// <summary>Adds a rule (a new holiday, or a dated change: end the old rule with ToYear and add the new one with FromYear).</summary>
    public async Task<RuleView> SaveRuleAsync(Guid? id, RuleInput input, CancellationToken ct = default)
    {
        RequireAdmin();
        var errors = new ValidationErrors();
        var code = errors.RequiredText("code", input.Code, 40, "Mã", "Code");
        var name = errors.RequiredText("name", input.Name, 200, "Tên ngày lễ", "Name");
        if (input.Kind is null) errors.Add("kind", "required", "Loại lịch (Solar/Lunar) là bắt buộc.", "The kind (Solar/Lunar) is required.");
        if (input.Month is null) errors.Add("month", "required", "Tháng là bắt buộc.", "The month is required.");
        if (input.Day is null) errors.Add("day", "required", "Ngày là bắt buộc.", "The day is required.");
        errors.ThrowIfAny();
        var rule = new HolidayRule(code!, name!, input.Kind!.Value, input.Month!.Value, input.Day!.Value, input.OffsetDays ?? 0, input.LengthDays ?? 1, input.FromYear, input.ToYear);
        var record = id is { } existing
            ? await db.Set<HolidayRuleRecord>().FirstOrDefaultAsync(r => r.Id == existing, ct) ?? throw new NotFoundException("holiday rule")
            : null;
        var current = await SettingsAsync(ct);
        var others = current.Rules.Where(r => record is null || !(r.Code == record.Code && r.FromYear == record.FromYear && r.ToYear == record.ToYear));
        foreach (var p in HolidayCalendar.Validate(current with { Rules = [.. others, rule] }).Where(p => p.Date is null && p.Code is "rule" or "ruleCode"))
            errors.Add(p.Code == "ruleCode" ? "code" : "month", p.Code, p.MessageVi, p.MessageEn);
        errors.ThrowIfAny();
        if (record is null) db.Add(record = new HolidayRuleRecord { Id = Ids.New() });
        (record.Code, record.Name, record.Kind, record.Month, record.Day, record.OffsetDays, record.LengthDays, record.FromYear, record.ToYear, record.UpdatedAt) =
            (rule.Code, rule.Name, rule.Kind, rule.Month, rule.Day, rule.OffsetDays, rule.LengthDays, rule.FromYear, rule.ToYear, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return View(record);
    }

    public async Task<OfficeHoursView> OfficeHoursAsync(Guid agencyId, CancellationToken ct = default)
    {
        var record = await db.Set<OfficeHoursRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.AgencyId == agencyId, ct);
        var hours = record is null ? OfficeHours.Default : OfficeHoursText.Parse(record);
        return new OfficeHoursView(record is null ? null : agencyId, hours.Sessions.Select(x => $"{x.Start:HH:mm}-{x.End:HH:mm}").ToList(), hours.SameDayCutoff.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Sets an agency's office hours ("07:30-11:30", "13:30-17:00"; cut-off "15:00"); null sessions restore the default.</summary>
    public async Task<OfficeHoursView> SetOfficeHoursAsync(Guid agencyId, IReadOnlyList<string>? sessions, string? cutoff, CancellationToken ct = default)
    {
        RequireAdmin();
        var record = await db.Set<OfficeHoursRecord>().FirstOrDefaultAsync(r => r.AgencyId == agencyId, ct);
        if (sessions is null or { Count: 0 })
        {
            if (record is not null) { db.Remove(record); await db.SaveChangesAsync(ct); cache.Invalidate(); }
            return await OfficeHoursAsync(agencyId, ct);
        }
        var errors = new ValidationErrors();
        var parsed = new List<(TimeOnly Start, TimeOnly End)>();
        foreach (var (text, i) in sessions.Select((t, i) => (t, i)))
        {
            var parts = (text ?? "").Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && TimeOnly.TryParseExact(parts[0], "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start) && TimeOnly.TryParseExact(parts[1], "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var end) && start < end)
                parsed.Add((start, end));
            else errors.Add($"sessions[{i}]", "format", $"Buổi làm việc \"{text}\" phải có dạng HH:mm-HH:mm, giờ bắt đầu trước giờ kết thúc.", $"Session \"{text}\" must be HH:mm-HH:mm with start before end.");
        }
        parsed.Sort();
        for (var i = 1; i < parsed.Count; i++)
            if (parsed[i].Start < parsed[i - 1].End) errors.Add("sessions", "overlap", "Các buổi làm việc không được chồng lên nhau.", "Sessions must not overlap.");
        if (!TimeOnly.TryParseExact(cutoff ?? "15:00", "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var cut))
            errors.Add("sameDayCutoff", "format", "Giờ tiếp nhận trong ngày phải có dạng HH:mm.", "The same-day cut-off must be HH:mm.");
        errors.ThrowIfAny();
        if (record is null) db.Add(record = new OfficeHoursRecord { AgencyId = agencyId });
        record.Sessions = string.Join(",", parsed.Select(p => $"{p.Start:HH:mm}-{p.End:HH:mm}"));
        record.SameDayCutoff = cut;
        record.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return await OfficeHoursAsync(agencyId, ct);
    }

    private async Task<HolidaySettings> SettingsAsync(CancellationToken ct) => (await cache.GetAsync(db, ct)).Holidays.Settings;

    private static RuleView View(HolidayRuleRecord r) => new(r.Id, r.Code, r.Name, r.Kind, r.Month, r.Day, r.OffsetDays, r.LengthDays, r.FromYear, r.ToYear);

    private void RequireAdmin()
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators change the holiday calendar.");
    }

    /// <summary>Loads the national rules and the known announcements into an empty calendar (Seed/holidays.json).</summary>
    public static async Task<bool> SeedAsync(EgovDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        if (await db.Set<HolidayRuleRecord>().AnyAsync(ct)) return false;
        var seed = LoadSeed();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var r in seed.Rules)
            db.Add(new HolidayRuleRecord { Id = Ids.New(), Code = r.Code, Name = r.Name, Kind = r.Kind, Month = r.Month, Day = r.Day,
                OffsetDays = r.OffsetDays, LengthDays = r.LengthDays, FromYear = r.FromYear, ToYear = r.ToYear, UpdatedAt = now });
        foreach (var o in seed.Overrides)
            db.Add(new CalendarOverrideRecord { Id = Ids.New(), Date = o.Date, Kind = o.Kind, Name = o.Name, UpdatedAt = now });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The shipped rules and announcements (Seed/holidays.json).</summary>
    public static HolidaySettings LoadSeed()
    {
        using var stream = typeof(CalendarService).Assembly.GetManifestResourceStream("Egov.Calendar.Seed.holidays.json")!;
        var seed = JsonSerializer.Deserialize<SeedFile>(stream, SeedJson) ?? throw new InvalidOperationException("holidays.json");
        return new HolidaySettings(seed.Rules.Select(r => r with { LengthDays = r.LengthDays == 0 ? 1 : r.LengthDays }).ToList(), seed.Overrides);
    }

    private static readonly JsonSerializerOptions SeedJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private sealed record SeedFile(List<HolidayRule> Rules, List<CalendarOverride> Overrides);
}
