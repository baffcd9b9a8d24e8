using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Calendar.Module;

/// <summary>A stored holiday rule (cal_holiday_rules); dated rule changes are rows with FromYear/ToYear.</summary>
public sealed class HolidayRuleRecord
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public HolidayDateKind Kind { get; set; }
    public int Month { get; set; }
    public int Day { get; set; }
    public int OffsetDays { get; set; }
    public int LengthDays { get; set; } = 1;
    public int? FromYear { get; set; }
    public int? ToYear { get; set; }
    public DateTime UpdatedAt { get; set; }

    public HolidayRule ToRule() => new(Code, Name, Kind, Month, Day, OffsetDays, LengthDays, FromYear, ToYear);
}

/// <summary>A stored yearly announcement for one date (cal_overrides).</summary>
public sealed class CalendarOverrideRecord
{
    public Guid Id { get; set; }
    public DateOnly Date { get; set; }
    public OverrideKind Kind { get; set; }
    public string Name { get; set; } = "";
    public DateTime UpdatedAt { get; set; }

    public CalendarOverride ToOverride() => new(Date, Kind, Name);
}

/// <summary>Office hours of one agency (cal_office_hours); agencies without a row use the default.</summary>
public sealed class OfficeHoursRecord
{
    public Guid AgencyId { get; set; }
    /// <summary>"07:30-11:30,13:30-17:00".</summary>
    public string Sessions { get; set; } = "";
    public TimeOnly SameDayCutoff { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class CalendarModel : IModuleModel
{
    public void Build(ModelBuilder model)
    {
        model.Entity<HolidayRuleRecord>(e =>
        {
            e.ToTable("cal_holiday_rules");
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(40).IsRequired();
            e.Property(x => x.Name).HasMaxLength(200).IsRequired();
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
            e.HasIndex(x => x.Code);
        });
        model.Entity<CalendarOverrideRecord>(e =>
        {
            e.ToTable("cal_overrides");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Date).IsUnique();
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(12);
            e.Property(x => x.Name).HasMaxLength(300).IsRequired();
        });
        model.Entity<OfficeHoursRecord>(e =>
        {
            e.ToTable("cal_office_hours");
            e.HasKey(x => x.AgencyId);
            e.Property(x => x.Sessions).HasMaxLength(200).IsRequired();
        });
    }
}
