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
    private volatile Snapshot? _snapshot;
    private readonly SemaphoreSlim _loading = new(1, 1);

    public sealed class Snapshot(HolidayCalendar holidays, IReadOnlyDictionary<Guid, OfficeHours> officeHours, DateTimeOffset loadedAt)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<OfficeHours, WorkingCalendar> _calendars = new();
        public HolidayCalendar Holidays { get; } = holidays;
        public IReadOnlyDictionary<Guid, OfficeHours> OfficeHours { get; } = officeHours;
        public DateTimeOffset LoadedAt { get; } = loadedAt;
        public WorkingCalendar For(OfficeHours hours) => _calendars.GetOrAdd(hours, h => new WorkingCalendar(Holidays, h));
    }

    public void Invalidate() => _snapshot = null;

    public async Task<Snapshot> GetAsync(EgovDbContext db, CancellationToken ct)
    {
        var current = _snapshot;
        if (current is not null && clock.GetUtcNow() - current.LoadedAt < MaxAge) return current;
        await _loading.WaitAsync(ct);
        try
        {
            current = _snapshot;
            if (current is not null && clock.GetUtcNow() - current.LoadedAt < MaxAge) return current;
            var rules = await db.Set<HolidayRuleRecord>().AsNoTracking().ToListAsync(ct);
            var overrides = await db.Set<CalendarOverrideRecord>().AsNoTracking().ToListAsync(ct);
            var hours = await db.Set<OfficeHoursRecord>().AsNoTracking().ToListAsync(ct);
            var holidays = new HolidayCalendar(new HolidaySettings(rules.Select(r => r.ToRule()).ToList(), overrides.Select(o => o.ToOverride()).ToList()));
            return _snapshot = new Snapshot(holidays, hours.ToDictionary(h => h.AgencyId, OfficeHoursText.Parse), clock.GetUtcNow());
        }
        finally
        {
            _loading.Release();
        }
    }
}

public static class OfficeHoursText
{
    public static OfficeHours Parse(OfficeHoursRecord r) => new(
        r.Sessions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split('-'))
            .Select(p => (TimeOnly.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList(),
        r.SameDayCutoff);
}
