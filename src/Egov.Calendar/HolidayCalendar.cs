using System.Globalization;

namespace Egov.Calendar;

public enum HolidayDateKind { Solar, Lunar }

/// <summary>A recurring holiday: Month/Day in the solar or lunar calendar; the days off start OffsetDays from
/// that date and last LengthDays; in force for years FromYear..ToYear (null = open). For a lunar rule the year
/// is the lunar year of the anchor date; OffsetDays is counted on the solar calendar from the anchor's solar date.</summary>
public sealed record HolidayRule(string Code, string Name, HolidayDateKind Kind, int Month, int Day, int OffsetDays = 0,
    int LengthDays = 1, int? FromYear = null, int? ToYear = null);

public enum OverrideKind { DayOff, WorkingDay }

/// <summary>A government announcement for one date: an extra day off (Tết span, substitute day) or a working day
/// (swapped Saturday, or a rule day that is worked).</summary>
public sealed record CalendarOverride(DateOnly Date, OverrideKind Kind, string Name);

public sealed record HolidaySettings(IReadOnlyList<HolidayRule> Rules, IReadOnlyList<CalendarOverride> Overrides,
    bool SubstituteWhenOnWeekend = true);

public sealed record DayOff(DateOnly Date, string Name);

public sealed record SettingsProblem(DateOnly? Date, string Code, string MessageVi, string MessageEn);

/// <summary>
/// Days off of the Vietnamese public service: recurring holiday rules (solar or lunar), automatic substitute
/// days when a holiday falls on Saturday or Sunday, and yearly overrides. Each solar year 1901–2199 is computed
/// once, lazily and thread-safely, into working-day flags and a cumulative index (see <see cref="WorkingCalendar"/>).
/// </summary>
public sealed class HolidayCalendar
{
    public const int MinYear = 1901;
    public const int MaxYear = 2199;

    public const string SubstitutePrefix = "Nghỉ bù ";

    private readonly LunarCalendar _lunar;
    private readonly Lazy<YearData>[] _years;
    private readonly HolidayRule[] _validRules;

    public HolidayCalendar(HolidaySettings settings, LunarCalendar? lunar = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(settings.Rules);
        ArgumentNullException.ThrowIfNull(settings.Overrides);
        Settings = settings;
        _lunar = lunar ?? LunarCalendar.Vietnam;
        // Invalid rules (reported by Validate) are ignored rather than throwing at run time.
        _validRules = [.. settings.Rules.Where(r => RuleProblem(r) is null)];
        _years = new Lazy<YearData>[MaxYear - MinYear + 1];
        for (int i = 0; i < _years.Length; i++)
        {
            int year = MinYear + i;
            _years[i] = new Lazy<YearData>(() => BuildYear(year), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    public HolidaySettings Settings { get; }

    /// <summary>The holidays of the Labour Code 2019 (art. 112), with Vietnam Culture Day from 2026; no overrides.</summary>
    public static HolidaySettings LabourCode2019 { get; } = new(
        [
            new("TET_DUONG", "Tết Dương lịch", HolidayDateKind.Solar, 1, 1),
            new("TET_AM", "Tết Nguyên đán", HolidayDateKind.Lunar, 1, 1, OffsetDays: -1, LengthDays: 5),
            new("GIO_TO", "Giỗ Tổ Hùng Vương", HolidayDateKind.Lunar, 3, 10),
            new("GIAI_PHONG", "Ngày Chiến thắng", HolidayDateKind.Solar, 4, 30),
            new("QUOC_TE_LD", "Ngày Quốc tế Lao động", HolidayDateKind.Solar, 5, 1),
            new("QUOC_KHANH", "Quốc khánh", HolidayDateKind.Solar, 9, 2),
            new("QUOC_KHANH_LIEN_KE", "Quốc khánh (ngày liền kề)", HolidayDateKind.Solar, 9, 1),
            new("VAN_HOA", "Ngày Văn hóa Việt Nam", HolidayDateKind.Solar, 11, 24, FromYear: 2026),
        ],
        []);

    /// <summary>The days off of a solar year other than ordinary weekends, sorted by date: rule days (including
    /// those that fall on a weekend), automatic substitute days and DayOff overrides, minus WorkingDay overrides.</summary>
    public IReadOnlyList<DayOff> DaysOff(int year) => Year(year).DaysOff;

    /// <summary>Saturdays and Sundays of the year made working days by a WorkingDay override.</summary>
    public IReadOnlyList<CalendarOverride> WorkingWeekendDays(int year) => Year(year).WorkingWeekendDays;

    /// <summary>Monday–Friday and not a day off, or a WorkingDay override.</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        var y = Year(date.Year);
        return y.Working[date.DayOfYear - 1];
    }

    // ----- Working-day index (used by WorkingCalendar) -----------------------------------------------------

    /// <summary>The first working day on or after <paramref name="date"/>.</summary>
    internal DateOnly WorkingDayOnOrAfter(DateOnly date)
    {
        int year = date.Year;
        var y = Year(year);
        int rank = y.RankBefore[date.DayOfYear - 1];
        while (rank >= y.WorkingDayList.Length)
        {
            rank = 0;
            y = Year(++year);
        }
        return y.First.AddDays(y.WorkingDayList[rank]);
    }

    /// <summary>The <paramref name="n"/>-th working day after the working day <paramref name="workingDay"/> (n ≥ 0).</summary>
    internal DateOnly AddWorkingDays(DateOnly workingDay, int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "The number of working days must not be negative.");
        int year = workingDay.Year;
        var y = Year(year);
        if (!y.Working[workingDay.DayOfYear - 1])
            throw new ArgumentException($"{workingDay:dd/MM/yyyy} is not a working day.", nameof(workingDay));
        long target = (long)y.RankBefore[workingDay.DayOfYear - 1] + n;
        while (target >= y.WorkingDayList.Length) // one step per year, not per day
        {
            target -= y.WorkingDayList.Length;
            y = Year(++year);
        }
        return y.First.AddDays(y.WorkingDayList[(int)target]);
    }

    /// <summary>Number of working days d with from ≤ d &lt; to (one lookup per year spanned).</summary>
    internal long CountWorkingDays(DateOnly from, DateOnly to)
    {
        if (to <= from) return 0;
        long total = -Year(from.Year).RankBefore[from.DayOfYear - 1];
        for (int y = from.Year; y < to.Year; y++) total += Year(y).WorkingDayList.Length;
        return total + Year(to.Year).RankBefore[to.DayOfYear - 1];
    }

    // ----- Construction -----------------------------------------------------------------------------------

    private YearData Year(int year)
    {
        if (year is < MinYear or > MaxYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Working days are supported for the years {MinYear} to {MaxYear}.");
        return _years[year - MinYear].Value;
    }

    private sealed class YearData
    {
        public required DateOnly First { get; init; }
        public required bool[] Working { get; init; }
        /// <summary>RankBefore[i] = number of working days among days 0..i-1 of the year.</summary>
        public required int[] RankBefore { get; init; }
        /// <summary>Day-of-year index (0-based) of each working day, in order.</summary>
        public required int[] WorkingDayList { get; init; }
        public required IReadOnlyList<DayOff> DaysOff { get; init; }
        public required IReadOnlyList<CalendarOverride> WorkingWeekendDays { get; init; }
    }

    private static bool IsWeekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>Rule days and automatic substitute days (no overrides) for dates of solar years year-1..year+1.</summary>
    private SortedDictionary<DateOnly, string> RuleAndSubstituteDays(int year)
    {
        var ruleDays = new SortedDictionary<DateOnly, string>();
        for (int anchorYear = year - 2; anchorYear <= year + 1; anchorYear++)
        {
            foreach (var rule in _validRules)
            {
                if (rule.FromYear is int from && anchorYear < from) continue;
                if (rule.ToYear is int to && anchorYear > to) continue;
                if (AnchorDate(rule, anchorYear) is not DateOnly anchor) continue;
                for (int i = 0; i < rule.LengthDays; i++)
                {
                    var d = anchor.AddDays(rule.OffsetDays + i);
                    ruleDays[d] = ruleDays.TryGetValue(d, out var existing) && existing != rule.Name ? existing + "; " + rule.Name : rule.Name;
                }
            }
        }

        var all = new SortedDictionary<DateOnly, string>(ruleDays);
        if (Settings.SubstituteWhenOnWeekend)
        {
            foreach (var (date, name) in ruleDays)
            {
                if (!IsWeekend(date)) continue;
                var d = date.AddDays(1);
                while (IsWeekend(d) || all.ContainsKey(d)) d = d.AddDays(1);
                all[d] = SubstitutePrefix + name;
            }
        }
        return all;
    }

    private DateOnly? AnchorDate(HolidayRule rule, int year)
    {
        try
        {
            if (rule.Kind == HolidayDateKind.Solar)
            {
                if (year is < 1 or > 9999 || rule.Day > DateTime.DaysInMonth(year, rule.Month)) return null; // 29/2 in common years
                return new DateOnly(year, rule.Month, rule.Day);
            }
            if (year is < LunarCalendar.MinYear or > LunarCalendar.MaxYear) return null;
            if (rule.Day > _lunar.DaysInMonth(year, rule.Month)) return null; // day 30 of a 29-day month
            return _lunar.ToSolar(new LunarDate(year, rule.Month, rule.Day, false));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private YearData BuildYear(int year)
    {
        var first = new DateOnly(year, 1, 1);
        int length = DateTime.IsLeapYear(year) ? 366 : 365;
        var off = new SortedDictionary<DateOnly, string>();
        foreach (var (d, name) in RuleAndSubstituteDays(year))
            if (d.Year == year) off[d] = name;

        var working = new bool[length];
        for (int i = 0; i < length; i++)
        {
            var d = first.AddDays(i);
            working[i] = !IsWeekend(d) && !off.ContainsKey(d);
        }

        var workingWeekend = new List<CalendarOverride>();
        foreach (var o in Settings.Overrides) // in order: a later override of the same date wins
        {
            if (o.Date.Year != year) continue;
            int i = o.Date.DayOfYear - 1;
            if (o.Kind == OverrideKind.DayOff)
            {
                working[i] = false;
                off[o.Date] = o.Name;
                workingWeekend.RemoveAll(w => w.Date == o.Date);
            }
            else
            {
                working[i] = true;
                off.Remove(o.Date);
                workingWeekend.RemoveAll(w => w.Date == o.Date);
                if (IsWeekend(o.Date)) workingWeekend.Add(o);
            }
        }

        var rank = new int[length];
        var list = new List<int>(262);
        for (int i = 0; i < length; i++)
        {
            rank[i] = list.Count;
            if (working[i]) list.Add(i);
        }

        return new YearData
        {
            First = first,
            Working = working,
            RankBefore = rank,
            WorkingDayList = [.. list],
            DaysOff = [.. off.Select(kv => new DayOff(kv.Key, kv.Value))],
            WorkingWeekendDays = [.. workingWeekend.OrderBy(w => w.Date)],
        };
    }

    // ----- Validation -------------------------------------------------------------------------------------

    private static string Vi(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
    private static string En(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static SettingsProblem? RuleProblem(HolidayRule r)
    {
        string kindVi = r.Kind == HolidayDateKind.Solar ? "dương lịch" : "âm lịch";
        string kindEn = r.Kind == HolidayDateKind.Solar ? "solar" : "lunar";
        if (string.IsNullOrWhiteSpace(r.Code))
            return new(null, "rule", $"Quy tắc ngày nghỉ “{r.Name}” không có mã.", $"Holiday rule “{r.Name}” has no code.");
        bool dateOk = r.Month is >= 1 and <= 12 && r.Day >= 1 &&
                      (r.Kind == HolidayDateKind.Lunar ? r.Day <= 30 : r.Day <= DateTime.DaysInMonth(2000, r.Month));
        if (!dateOk)
            return new(null, "rule",
                $"Quy tắc {r.Code} (“{r.Name}”): ngày {r.Day}/{r.Month} {kindVi} không tồn tại.",
                $"Rule {r.Code} (“{r.Name}”): {kindEn} day {r.Day}/{r.Month} does not exist.");
        if (r.LengthDays is < 1 or > 15)
            return new(null, "rule",
                $"Quy tắc {r.Code} (“{r.Name}”): số ngày nghỉ {r.LengthDays} phải từ 1 đến 15.",
                $"Rule {r.Code} (“{r.Name}”): length {r.LengthDays} days must be between 1 and 15.");
        if (r.FromYear is int f && r.ToYear is int t && f > t)
            return new(null, "rule",
                $"Quy tắc {r.Code} (“{r.Name}”): năm bắt đầu {f} sau năm kết thúc {t}.",
                $"Rule {r.Code} (“{r.Name}”): first year {f} is after last year {t}.");
        return null;
    }

    /// <summary>Contradictions and mistakes in holiday settings: "rule", "ruleCode", "duplicate", "alreadyOff",
    /// "alreadyWorking". Messages in Vietnamese (dates dd/MM/yyyy) and English.</summary>
    public static IReadOnlyList<SettingsProblem> Validate(HolidaySettings settings, LunarCalendar? lunar = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<SettingsProblem>();

        foreach (var r in settings.Rules)
            if (RuleProblem(r) is SettingsProblem p) problems.Add(p);

        var rules = settings.Rules.ToList();
        for (int i = 0; i < rules.Count; i++)
            for (int j = i + 1; j < rules.Count; j++)
            {
                var a = rules[i]; var b = rules[j];
                if (!string.Equals(a.Code, b.Code, StringComparison.Ordinal)) continue;
                long aFrom = a.FromYear ?? int.MinValue, aTo = a.ToYear ?? int.MaxValue;
                long bFrom = b.FromYear ?? int.MinValue, bTo = b.ToYear ?? int.MaxValue;
                if (aFrom <= bTo && bFrom <= aTo)
                    problems.Add(new(null, "ruleCode",
                        $"Hai quy tắc cùng mã {a.Code} (“{a.Name}” và “{b.Name}”) có hiệu lực trùng năm.",
                        $"Two rules with code {a.Code} (“{a.Name}” and “{b.Name}”) are in force in overlapping years."));
            }

        foreach (var group in settings.Overrides.GroupBy(o => o.Date).Where(g => g.Count() > 1))
        {
            var kinds = group.Select(o => o.Kind).Distinct().ToList();
            string vi = kinds.Count > 1 ? "vừa là ngày nghỉ vừa là ngày làm việc" : $"được khai báo {group.Count()} lần";
            string en = kinds.Count > 1 ? "is declared both a day off and a working day" : $"is declared {group.Count()} times";
            problems.Add(new(group.Key, "duplicate",
                $"Ngày {Vi(group.Key)} {vi}.", $"Date {En(group.Key)} {en}."));
        }

        // Days off from rules and substitutes only, without overrides.
        var bare = new HolidayCalendar(settings with { Overrides = [] }, lunar);
        foreach (var o in settings.Overrides)
        {
            if (o.Date.Year is < MinYear or > MaxYear)
            {
                problems.Add(new(o.Date, "range", $"Ngày {Vi(o.Date)} nằm ngoài khoảng năm {MinYear}–{MaxYear}.",
                    $"Date {En(o.Date)} is outside the years {MinYear}–{MaxYear}."));
                continue;
            }
            bool weekend = IsWeekend(o.Date);
            var ruleDay = bare.Year(o.Date.Year).DaysOff.FirstOrDefault(d => d.Date == o.Date);
            if (o.Kind == OverrideKind.DayOff && (weekend || ruleDay is not null))
            {
                string whyVi = ruleDay is not null ? $"ngày nghỉ “{ruleDay.Name}”" : "ngày nghỉ cuối tuần";
                string whyEn = ruleDay is not null ? $"the holiday “{ruleDay.Name}”" : "a weekend day";
                problems.Add(new(o.Date, "alreadyOff",
                    $"Ngày {Vi(o.Date)} (“{o.Name}”) đã là {whyVi}.",
                    $"Date {En(o.Date)} (“{o.Name}”) is already a day off: {whyEn}."));
            }
            else if (o.Kind == OverrideKind.WorkingDay && !weekend && ruleDay is null)
            {
                problems.Add(new(o.Date, "alreadyWorking",
                    $"Ngày {Vi(o.Date)} (“{o.Name}”) đã là ngày làm việc.",
                    $"Date {En(o.Date)} (“{o.Name}”) is already a working day."));
            }
        }
        return problems;
    }
}
