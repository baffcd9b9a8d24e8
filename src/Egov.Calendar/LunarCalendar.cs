namespace Egov.Calendar;

/// <summary>A date of the Vietnamese lunisolar calendar (âm lịch).</summary>
/// <param name="Year">Lunar year; month 1 of lunar year Y begins in January or February of solar year Y.</param>
/// <param name="Month">Month number 1–12 (a leap month repeats the number of the month before it).</param>
/// <param name="Day">Day of the month, 1–30.</param>
/// <param name="IsLeapMonth">True for the leap (nhuận) month.</param>
public readonly record struct LunarDate(int Year, int Month, int Day, bool IsLeapMonth)
{
    public override string ToString() => $"{Day:00}/{Month:00}{(IsLeapMonth ? "N" : "")}/{Year:0000}";
}

/// <summary>
/// Converts between the Gregorian calendar and the Vietnamese lunisolar calendar, computed from the
/// astronomical rules (see README.md): a month starts on the local day of the new moon; month 11 contains
/// the winter solstice; when 13 months lie between two months 11 the first month after month 11 without a
/// major solar term is the leap month. Thread-safe; each lunar year is computed once, on first use.
/// </summary>
public sealed class LunarCalendar
{
    /// <summary>First supported solar date: lunar 1/1/1900 (Tết Canh Tý).</summary>
    public static readonly DateOnly MinSolarDate = new(1900, 1, 31);

    /// <summary>Last supported solar date.</summary>
    public static readonly DateOnly MaxSolarDate = new(2199, 12, 31);

    public const int MinYear = 1900;
    public const int MaxYear = 2199;

    /// <summary>The official Vietnamese calendar: UTC+7 (in force since 1968).</summary>
    public static LunarCalendar Vietnam { get; } = new(TimeSpan.FromHours(7));

    /// <summary>The same rules in UTC+8: the calendar used in Vietnam before 1968 (and in China).</summary>
    public static LunarCalendar UtcPlus8 { get; } = new(TimeSpan.FromHours(8));

    private readonly double _offsetDays;
    private readonly Lazy<LunarYear>[] _years;

    public LunarCalendar() : this(TimeSpan.FromHours(7)) { }

    /// <param name="utcOffset">The time zone whose local days the new moons and solar terms fall on.</param>
    public LunarCalendar(TimeSpan utcOffset)
    {
        if (utcOffset < TimeSpan.FromHours(-14) || utcOffset > TimeSpan.FromHours(14))
            throw new ArgumentOutOfRangeException(nameof(utcOffset), utcOffset, "The UTC offset must be between -14 and +14 hours.");
        UtcOffset = utcOffset;
        _offsetDays = utcOffset.TotalDays;
        _years = new Lazy<LunarYear>[MaxYear - MinYear + 1];
        for (int i = 0; i < _years.Length; i++)
        {
            int year = MinYear + i;
            _years[i] = new Lazy<LunarYear>(() => BuildYear(year), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    public TimeSpan UtcOffset { get; }

    /// <summary>Converts a solar (Gregorian) date to the lunar calendar.</summary>
    public LunarDate ToLunar(DateOnly solar)
    {
        if (solar < MinSolarDate || solar > MaxSolarDate)
            throw new ArgumentOutOfRangeException(nameof(solar), solar,
                $"The lunar calendar is supported for solar dates {MinSolarDate:yyyy-MM-dd} to {MaxSolarDate:yyyy-MM-dd}.");

        int day = solar.DayNumber;
        int year = solar.Year;
        LunarYear info = Year(year);
        if (day < info.Starts[0])
            info = Year(--year);

        // Last month start <= day.
        int index = Array.BinarySearch(info.Starts, day);
        if (index < 0) index = ~index - 1;
        var (month, leap) = info.Months[index];
        return new LunarDate(year, month, day - info.Starts[index] + 1, leap);
    }

    /// <summary>Converts a lunar date to the solar (Gregorian) calendar.</summary>
    /// <exception cref="ArgumentException">The lunar date does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The date is outside the supported range.</exception>
    public DateOnly ToSolar(LunarDate lunar)
    {
        if (lunar.Month is < 1 or > 12)
            throw new ArgumentException($"Lunar month {lunar.Month} is invalid: a lunar month is numbered 1 to 12.", nameof(lunar));
        if (lunar.Day is < 1 or > 30)
            throw new ArgumentException($"Lunar day {lunar.Day} is invalid: a lunar month has days 1 to 29 or 30.", nameof(lunar));
        CheckYear(lunar.Year, nameof(lunar));

        LunarYear info = Year(lunar.Year);
        int index = info.IndexOf(lunar.Month, lunar.IsLeapMonth);
        if (index < 0)
            throw new ArgumentException(
                $"Lunar year {lunar.Year} has no leap month {lunar.Month} ({(info.LeapMonth is int m ? $"its leap month is {m}" : "it has no leap month")}).",
                nameof(lunar));
        int length = info.Starts[index + 1] - info.Starts[index];
        if (lunar.Day > length)
            throw new ArgumentException(
                $"Lunar month {lunar.Month}{(lunar.IsLeapMonth ? " (leap)" : "")} of year {lunar.Year} has only {length} days, so day {lunar.Day} does not exist.",
                nameof(lunar));

        var solar = DateOnly.FromDayNumber(info.Starts[index] + lunar.Day - 1);
        if (solar > MaxSolarDate)
            throw new ArgumentOutOfRangeException(nameof(lunar), lunar,
                $"Lunar date {lunar} falls on {solar:yyyy-MM-dd}, after the last supported solar date {MaxSolarDate:yyyy-MM-dd}.");
        return solar;
    }

    /// <summary>Number of days (29 or 30) of a month of a lunar year.</summary>
    /// <exception cref="ArgumentException">The year has no such month.</exception>
    public int DaysInMonth(int year, int month, bool leap = false)
    {
        if (month is < 1 or > 12)
            throw new ArgumentException($"Lunar month {month} is invalid: a lunar month is numbered 1 to 12.", nameof(month));
        CheckYear(year, nameof(year));
        LunarYear info = Year(year);
        int index = info.IndexOf(month, leap);
        if (index < 0)
            throw new ArgumentException($"Lunar year {year} has no leap month {month}.", nameof(leap));
        return info.Starts[index + 1] - info.Starts[index];
    }

    /// <summary>The number of the leap month of a lunar year, or null if the year has 12 months.</summary>
    public int? LeapMonth(int year)
    {
        CheckYear(year, nameof(year));
        return Year(year).LeapMonth;
    }

    /// <summary>Number of months (12 or 13) of a lunar year.</summary>
    public int MonthsInYear(int year)
    {
        CheckYear(year, nameof(year));
        return Year(year).Months.Length;
    }

    private static void CheckYear(int year, string paramName)
    {
        if (year is < MinYear or > MaxYear)
            throw new ArgumentOutOfRangeException(paramName, year, $"The lunar calendar is supported for lunar years {MinYear} to {MaxYear}.");
    }

    private LunarYear Year(int year) => _years[year - MinYear].Value;

    // ----- Construction of one lunar year -------------------------------------------------------

    /// <summary>The months of one lunar year: Starts[i] is the day number (DateOnly.DayNumber) of the
    /// first day of month i; Starts has one more element than Months, the start of the next year.</summary>
    private sealed class LunarYear(int[] starts, (int Month, bool Leap)[] months)
    {
        public int[] Starts { get; } = starts;
        public (int Month, bool Leap)[] Months { get; } = months;
        public int? LeapMonth { get; } = months.Where(m => m.Leap).Select(m => (int?)m.Month).FirstOrDefault();

        public int IndexOf(int month, bool leap) => Array.IndexOf(Months, (month, leap));
    }

    /// <summary>
    /// Lunar year Y = the months numbered 1..10 (and leap 1..10) of the cycle that begins with the
    /// month 11 containing the solstice of December Y−1, then the months 11 and 12 (and leap 11, 12)
    /// of the cycle that begins with the month 11 containing the solstice of December Y.
    /// </summary>
    private LunarYear BuildYear(int year)
    {
        var previous = BuildCycle(year - 1);
        var current = BuildCycle(year);
        int first = previous.FindIndex(m => m.Month == 1 && !m.Leap);
        int next = current.FindIndex(m => m.Month == 1 && !m.Leap);

        var months = previous.Skip(first).Concat(current.Take(next)).ToList();
        int[] starts = [.. months.Select(m => m.Start), current[next].Start];
        return new LunarYear(starts, [.. months.Select(m => (m.Month, m.Leap))]);
    }

    /// <summary>The months from the month 11 containing the winter solstice of <paramref name="solsticeYear"/>
    /// up to (excluding) the month 11 of the following solstice, numbered 11, 12, 1, 2, …</summary>
    private List<(int Start, int Month, bool Leap)> BuildCycle(int solsticeYear)
    {
        int k11 = Month11Lunation(solsticeYear);
        int kNext = Month11Lunation(solsticeYear + 1);
        int count = kNext - k11; // 12 or 13

        var starts = new int[count + 1];
        for (int i = 0; i <= count; i++)
            starts[i] = NewMoonDay(k11 + i);

        int leapIndex = -1;
        if (count == 13)
        {
            // First month after month 11 that contains no major solar term (zhongqi).
            for (int i = 1; i < count; i++)
            {
                if (MajorTermSector(starts[i]) == MajorTermSector(starts[i + 1]))
                {
                    leapIndex = i;
                    break;
                }
            }
            if (leapIndex < 0)
                throw new InvalidOperationException($"No month without a major solar term after the solstice of {solsticeYear}.");
        }

        var result = new List<(int, int, bool)>(count);
        int number = 11;
        for (int i = 0; i < count; i++)
        {
            bool leap = i == leapIndex;
            if (i > 0 && !leap)
                number = number % 12 + 1;
            result.Add((starts[i], number, leap));
        }
        return result;
    }

    /// <summary>Lunation number (Meeus k) of the month 11 that contains the winter solstice of <paramref name="year"/>.</summary>
    private int Month11Lunation(int year)
    {
        double guess = new DateOnly(year, 12, 21).DayNumber + DayNumberToJd;
        int solsticeDay = LocalDay(Astronomy.SunReachesLongitude(270.0, guess));

        int k = (int)Math.Floor((guess - Astronomy.NewMoonEpoch) / Astronomy.SynodicMonth);
        while (NewMoonDay(k) > solsticeDay) k--;
        while (NewMoonDay(k + 1) <= solsticeDay) k++;
        return k;
    }

    /// <summary>JD at 0h UT of the day with DayNumber 0 (0001-01-01) is 1721425.5.</summary>
    private const double DayNumberToJd = 1721425.5;

    /// <summary>The local day (DateOnly.DayNumber) containing the instant <paramref name="jdUt"/>.</summary>
    private int LocalDay(double jdUt) => (int)Math.Floor(jdUt - DayNumberToJd + _offsetDays);

    private int NewMoonDay(int k) => LocalDay(Astronomy.NewMoonUt(k));

    /// <summary>Which 30° sector the sun is in at the local midnight starting day <paramref name="dayNumber"/>.
    /// A month has a major term iff the sector changes between its first day and the next month's first day.</summary>
    private int MajorTermSector(int dayNumber)
    {
        double jdUt = dayNumber + DayNumberToJd - _offsetDays;
        return (int)(Astronomy.SunApparentLongitude(jdUt) / 30.0);
    }
}
