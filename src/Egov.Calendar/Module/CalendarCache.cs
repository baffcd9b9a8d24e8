using Egov.Platform.Caching;
using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Calendar.Module;

/// <summary>
/// The holiday data of the database turned into a precomputed calendar, shared by all requests of a node.
/// A change on this node takes effect at once; changes made on another node within <see cref="MaxAge"/>.
/// </summary>
public sealed class CalendarCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly NodeSnapshot<Snapshot> _snapshot = new(clock);

    public sealed class Snapshot(HolidayCalendar holidays, IReadOnlyDictionary<Guid, OfficeHours> officeHours)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<OfficeHours, WorkingCalendar> _calendars = new();
        public HolidayCalendar Holidays { get; } = holidays;
        public IReadOnlyDictionary<Guid, OfficeHours> OfficeHours { get; } = officeHours;
        public WorkingCalendar For(OfficeHours hours) => _calendars.GetOrAdd(hours, h => new WorkingCalendar(Holidays, h));
    }

    public void Invalidate() => _snapshot.Invalidate();

    public Task<Snapshot> GetAsync(EgovDbContext db, CancellationToken ct) => _snapshot.GetAsync(MaxAge, async token =>
    {
        var rules = await db.Set<HolidayRuleRecord>().AsNoTracking().ToListAsync(token);
        var overrides = await db.Set<CalendarOverrideRecord>().AsNoTracking().ToListAsync(token);
        var hours = await db.Set<OfficeHoursRecord>().AsNoTracking().ToListAsync(token);
        var holidays = new HolidayCalendar(new HolidaySettings(rules.Select(r => r.ToRule()).ToList(), overrides.Select(o => o.ToOverride()).ToList()));
        return new Snapshot(holidays, hours.ToDictionary(h => h.AgencyId, OfficeHoursText.Parse));
    }, ct);
}

public static class OfficeHoursText
{
    public static OfficeHours Parse(OfficeHoursRecord r) => new(
        r.Sessions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split('-'))
            .Select(p => (TimeOnly.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList(),
        r.SameDayCutoff);
}
