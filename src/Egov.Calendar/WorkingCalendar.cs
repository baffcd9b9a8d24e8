namespace Egov.Calendar;

public enum TimeUnit { WorkingDays, WorkingHours }

public sealed record ProcessingTime(double Value, TimeUnit Unit);

/// <summary>The office's working sessions of each working day (sorted, not overlapping) and the cut-off time of
/// same-day procedures.</summary>
public sealed record OfficeHours(IReadOnlyList<(TimeOnly Start, TimeOnly End)> Sessions, TimeOnly SameDayCutoff)
{
    /// <summary>07:30–11:30 and 13:30–17:00, cut-off 15:00.</summary>
    public static OfficeHours Default { get; } = new(
        [(new TimeOnly(7, 30), new TimeOnly(11, 30)), (new TimeOnly(13, 30), new TimeOnly(17, 0))],
        new TimeOnly(15, 0));
}

/// <summary>
/// Working-time arithmetic in Vietnam time (UTC+7, whatever the server's zone and the input's offset; results
/// carry +07:00) over the working days of a <see cref="HolidayCalendar"/> and the sessions of <see cref="OfficeHours"/>.
/// </summary>
public sealed class WorkingCalendar
{
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>Hours of a working day used for a fractional number of working days (Value × 8 working hours).</summary>
    public const double FractionalDayHours = 8.0;

    private readonly HolidayCalendar _holidays;
    private readonly long[] _starts; // session starts, ticks since midnight
    private readonly long[] _ends;
    private readonly long _dayLength; // working ticks per working day

    public WorkingCalendar(HolidayCalendar holidays, OfficeHours hours)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(hours);
        if (hours.Sessions is null || hours.Sessions.Count == 0)
            throw new ArgumentException("Office hours need at least one session.", nameof(hours));
        for (int i = 0; i < hours.Sessions.Count; i++)
        {
            var (s, e) = hours.Sessions[i];
            if (s >= e) throw new ArgumentException($"Session {s:HH\\:mm}–{e:HH\\:mm} does not end after it starts.", nameof(hours));
            if (i > 0 && s < hours.Sessions[i - 1].End)
                throw new ArgumentException("Sessions must be sorted and must not overlap.", nameof(hours));
        }
        Holidays = holidays;
        _holidays = holidays;
        Hours = hours;
        _starts = [.. hours.Sessions.Select(x => x.Start.Ticks)];
        _ends = [.. hours.Sessions.Select(x => x.End.Ticks)];
        _dayLength = hours.Sessions.Sum(x => x.End.Ticks - x.Start.Ticks);
    }

    public HolidayCalendar Holidays { get; }
    public OfficeHours Hours { get; }

    /// <summary>Working time of one working day (7.5 h by default).</summary>
    public TimeSpan WorkingDayLength => TimeSpan.FromTicks(_dayLength);

    private static (DateOnly Date, long Ticks) Local(DateTimeOffset instant)
    {
        var local = instant.ToOffset(VietnamOffset).DateTime;
        return (DateOnly.FromDateTime(local), local.TimeOfDay.Ticks);
    }

    private static DateTimeOffset Make(DateOnly date, long ticks) =>
        new(date.ToDateTime(TimeOnly.MinValue).AddTicks(ticks), VietnamOffset);

    /// <summary>Working time elapsed on a working day at time-of-day <paramref name="ticks"/>.</summary>
    private long WorkInto(long ticks)
    {
        long w = 0;
        for (int i = 0; i < _starts.Length; i++)
            w += Math.Clamp(ticks - _starts[i], 0, _ends[i] - _starts[i]);
        return w;
    }

    /// <summary>Time of day at which <paramref name="work"/> (0 &lt; work ≤ day length) of working time has elapsed;
    /// landing exactly at the end of a session gives that end.</summary>
    private long TimeAt(long work)
    {
        for (int i = 0; i < _starts.Length; i++)
        {
            long len = _ends[i] - _starts[i];
            if (work <= len) return _starts[i] + work;
            work -= len;
        }
        return _ends[^1];
    }

    public bool IsWorkingMoment(DateTimeOffset instant)
    {
        var (date, t) = Local(instant);
        if (!_holidays.IsWorkingDay(date)) return false;
        for (int i = 0; i < _starts.Length; i++)
            if (t >= _starts[i] && t < _ends[i]) return true;
        return false;
    }

    /// <summary>The instant itself (in +07:00) if it is a working moment, else the start of the next session.</summary>
    public DateTimeOffset NextWorkingMoment(DateTimeOffset instant)
    {
        var (date, t) = Local(instant);
        if (_holidays.IsWorkingDay(date))
        {
            for (int i = 0; i < _starts.Length; i++)
            {
                if (t < _starts[i]) return Make(date, _starts[i]);
                if (t < _ends[i]) return instant.ToOffset(VietnamOffset);
            }
        }
        return Make(_holidays.WorkingDayOnOrAfter(date.AddDays(1)), _starts[0]);
    }

    /// <summary>
    /// From t = NextWorkingMoment(from): the same working time into the n-th working day after t's day; when t is
    /// the start of the day's first session, the end of the (n−1)-th working day after it. n = 0 returns t.
    /// O(1): array lookups in the precomputed working-day index.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int days)
    {
        if (days < 0) throw new ArgumentOutOfRangeException(nameof(days), days, "The number of working days must not be negative.");
        var t = NextWorkingMoment(from);
        if (days == 0) return t;
        var (date, ticks) = Local(t);
        long w = WorkInto(ticks);
        if (w == 0)
            return Make(_holidays.AddWorkingDays(date, days - 1), _ends[^1]);
        return Make(_holidays.AddWorkingDays(date, days), TimeAt(w));
    }

    /// <summary>Adds working time from NextWorkingMoment(from); landing exactly at the end of a session stays there.</summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset from, double hours)
    {
        if (double.IsNaN(hours) || hours < 0)
            throw new ArgumentOutOfRangeException(nameof(hours), hours, "The number of working hours must not be negative.");
        var t = NextWorkingMoment(from);
        long add = TimeSpan.FromHours(hours).Ticks;
        if (add == 0) return t;
        var (date, ticks) = Local(t);
        long w0 = WorkInto(ticks);
        if (w0 + add <= _dayLength) return Make(date, TimeAt(w0 + add));
        long rest = add - (_dayLength - w0);                 // > 0
        long fullDays = (rest + _dayLength - 1) / _dayLength - 1; // whole working days before the landing day
        long within = rest - fullDays * _dayLength;           // in (0, day length]
        var next = _holidays.WorkingDayOnOrAfter(date.AddDays(1));
        if (fullDays > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(hours));
        return Make(_holidays.AddWorkingDays(next, (int)fullDays), TimeAt(within));
    }

    /// <summary>Working time inside [from, to); zero when to ≤ from.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        var (d1, t1) = Local(from);
        var (d2, t2) = Local(to);
        long w1 = _holidays.IsWorkingDay(d1) ? WorkInto(t1) : 0;
        long w2 = _holidays.IsWorkingDay(d2) ? WorkInto(t2) : 0;
        if (d1 == d2) return TimeSpan.FromTicks(w2 - w1);
        long before1 = _holidays.IsWorkingDay(d1) ? _dayLength - w1 : 0;
        long between = _holidays.CountWorkingDays(d1.AddDays(1), d2);
        return TimeSpan.FromTicks(before1 + between * _dayLength + w2);
    }

    /// <summary>
    /// The appointment (due date) of a dossier (DOMAIN "Deadlines"): counted from the next working moment.
    /// Working days: an integer ≥ 1 → <see cref="AddWorkingDays"/>; a fraction → Value × 8 working hours;
    /// 0 (same-day) → end of the receipt day if received on a working day before the cut-off, else end of the
    /// next working day. Working hours → <see cref="AddWorkingHours"/>.
    /// </summary>
    public DateTimeOffset Appointment(DateTimeOffset received, ProcessingTime time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (double.IsNaN(time.Value) || double.IsInfinity(time.Value) || time.Value < 0)
            throw new ArgumentOutOfRangeException(nameof(time), time.Value, "The processing time must be a non-negative number.");
        if (time.Unit == TimeUnit.WorkingHours) return AddWorkingHours(received, time.Value);

        if (time.Value == 0)
        {
            var t = NextWorkingMoment(received);
            var (date, ticks) = Local(t);
            if (ticks < Hours.SameDayCutoff.Ticks) return Make(date, _ends[^1]);
            return Make(_holidays.WorkingDayOnOrAfter(date.AddDays(1)), _ends[^1]);
        }
        if (time.Value == Math.Floor(time.Value) && time.Value <= int.MaxValue)
            return AddWorkingDays(received, (int)time.Value);
        return AddWorkingHours(received, time.Value * FractionalDayHours);
    }
}
