using System.Text.RegularExpressions;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop.Escalation;

public sealed record EscalationRuleInput(string? Code, string? Name, double? OverdueWorkingHours, EscalationAction? Action, string? TargetRole,
    string? ProcedureCode, bool? IsActive = null);
public sealed record EscalationRuleView(Guid Id, string Code, string Name, double OverdueWorkingHours, EscalationAction Action, string TargetRole,
    string? ProcedureCode, bool IsActive, DateTime UpdatedAt);

/// <summary>The escalation rules: officials read them, system administrators create, change and deactivate them.</summary>
public sealed partial class EscalationRuleService(EgovDbContext db, ICallerContext caller, ProcedureService procedures, TimeProvider clock)
{
    public const int CodeMaxLength = 40;
    public const int NameMaxLength = 200;
    /// <summary>A year of working time: anything longer is a typing mistake.</summary>
    public const double MaxOverdueHours = 2000;

    /// <summary>
    /// The shipped defaults. N = 0: the leader hears of a step the moment it misses its due time. N = 16 (two
    /// working days of 8 hours): after the warning the team had two full days to catch up; then the step is moved
    /// to the leader, who redistributes it, before a short procedure's appointment slips further.
    /// </summary>
    public static IReadOnlyList<EscalationRuleInput> Defaults { get; } =
    [
        new("buoc-qua-han-bao-lanh-dao", "Bước quá hạn → báo lãnh đạo", 0, EscalationAction.Notify, Roles.Leader, null, true),
        new("qua-han-16-gio-chuyen-lanh-dao", "Quá hạn 16 giờ làm việc → chuyển lãnh đạo", 16, EscalationAction.Reassign, Roles.Leader, null, true),
    ];

    public async Task<IReadOnlyList<EscalationRuleView>> ListAsync(bool includeInactive = true, CancellationToken ct = default)
    {
        RequireOfficial();
        var query = db.Set<EscalationRule>().AsNoTracking();
        if (!includeInactive) query = query.Where(r => r.IsActive);
        return (await query.ToListAsync(ct)).OrderBy(r => r.OverdueWorkingHours).ThenBy(r => r.Code, StringComparer.Ordinal).Select(View).ToList();
    }

    public async Task<EscalationRuleView> GetAsync(string code, CancellationToken ct = default)
    {
        RequireOfficial();
        return View(await db.Set<EscalationRule>().AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct)
            ?? throw new NotFoundException("escalation rule"));
    }

    public async Task<EscalationRuleView> CreateAsync(EscalationRuleInput input, CancellationToken ct = default)
    {
        RequireAdmin();
        var errors = new ValidationErrors();
        var code = CheckCode(errors, input.Code);
        if (code is not null && await db.Set<EscalationRule>().AnyAsync(r => r.Code == code, ct))
            errors.Add("code", "duplicate", $"Đã có quy tắc chuyển cấp mã \"{code}\".", $"An escalation rule \"{code}\" already exists.");
        var rule = new EscalationRule { Id = Ids.New(), Code = code ?? "" };
        await ApplyAsync(errors, rule, input, ct);
        db.Add(rule);
        await SaveAsync(ct);
        return View(rule);
    }

    /// <summary>Changes everything but the code (applications already recorded refer to it).</summary>
    public async Task<EscalationRuleView> UpdateAsync(string code, EscalationRuleInput input, CancellationToken ct = default)
    {
        RequireAdmin();
        var rule = await db.Set<EscalationRule>().FirstOrDefaultAsync(r => r.Code == code, ct) ?? throw new NotFoundException("escalation rule");
        var errors = new ValidationErrors();
        if (input.Code is { } given && given.Trim() != rule.Code)
            errors.Add("code", "immutable", "Không đổi được mã của quy tắc đã có; hãy tạo quy tắc mới và ngừng áp dụng quy tắc cũ.",
                "The code of an existing rule cannot change; create a new rule and deactivate the old one.");
        await ApplyAsync(errors, rule, input, ct);
        await SaveAsync(ct);
        return View(rule);
    }

    public async Task<EscalationRuleView> DeactivateAsync(string code, CancellationToken ct = default)
    {
        RequireAdmin();
        var rule = await db.Set<EscalationRule>().FirstOrDefaultAsync(r => r.Code == code, ct) ?? throw new NotFoundException("escalation rule");
        if (rule.IsActive)
        {
            rule.IsActive = false;
            rule.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await SaveAsync(ct);
        }
        return View(rule);
    }

    /// <summary>
    /// Deletes a rule that never fired. A rule already applied to a dossier stays (its code is in that dossier's
    /// escalations): it can only be deactivated.
    /// </summary>
    public async Task DeleteAsync(string code, CancellationToken ct = default)
    {
        RequireAdmin();
        var rule = await db.Set<EscalationRule>().FirstOrDefaultAsync(r => r.Code == code, ct) ?? throw new NotFoundException("escalation rule");
        if (await db.Set<DossierEscalation>().AnyAsync(e => e.RuleCode == code, ct))
            throw new ConflictException("Quy tắc đã được áp dụng cho hồ sơ nên không xóa được; hãy ngừng áp dụng quy tắc.",
                "The rule was already applied to dossiers and cannot be deleted; deactivate it instead.");
        db.Remove(rule);
        await SaveAsync(ct);
    }

    /// <summary>Adds the default rules that are missing by code; deactivated defaults stay as the administrator left them.</summary>
    public static async Task<int> SeedDefaultsAsync(EgovDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var codes = Defaults.Select(d => d.Code!).ToList();
        var existing = await db.Set<EscalationRule>().Where(r => codes.Contains(r.Code)).Select(r => r.Code).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var d in Defaults.Where(d => !existing.Contains(d.Code!)))
        {
            db.Add(new EscalationRule
            {
                Id = Ids.New(), Code = d.Code!, Name = d.Name!, OverdueWorkingHours = d.OverdueWorkingHours!.Value, Action = d.Action!.Value,
                TargetRole = d.TargetRole!, ProcedureCode = d.ProcedureCode, IsActive = true, UpdatedAt = now,
            });
            added++;
        }
        if (added > 0) await db.SaveChangesAsync(ct);
        return added;
    }

    private async Task ApplyAsync(ValidationErrors errors, EscalationRule rule, EscalationRuleInput input, CancellationToken ct)
    {
        var name = errors.RequiredText("name", input.Name, NameMaxLength, "Tên quy tắc", "Name");
        if (input.OverdueWorkingHours is not { } hours)
            errors.Add("overdueWorkingHours", "required", "Số giờ làm việc quá hạn là bắt buộc.", "The overdue working hours are required.");
        else if (double.IsNaN(hours) || hours < 0 || hours > MaxOverdueHours)
            errors.Add("overdueWorkingHours", "range", $"Số giờ làm việc quá hạn phải từ 0 đến {MaxOverdueHours:0}.",
                $"The overdue working hours must be 0–{MaxOverdueHours:0}.");
        if (input.Action is not { } action || !Enum.IsDefined(action))
            errors.Add("action", "required", "Hành động (Notify: báo, Reassign: chuyển) là bắt buộc.", "The action (Notify or Reassign) is required.");
        var role = input.TargetRole?.Trim();
        if (string.IsNullOrEmpty(role))
            errors.Add("targetRole", "required", "Vai trò nhận là bắt buộc.", "The target role is required.");
        else if (!Roles.OfficialRoles.Contains(role) || role == Roles.SystemAdmin)
            errors.Add("targetRole", "unknown", $"\"{role}\" không phải vai trò của cán bộ tại cơ quan (ví dụ: {Roles.Leader}, {Roles.Specialist}).",
                $"\"{role}\" is not an official's role in an agency (e.g. {Roles.Leader}, {Roles.Specialist}).");
        var procedure = input.ProcedureCode?.Trim();
        if (string.IsNullOrEmpty(procedure)) procedure = null;
        else
        {
            try { await procedures.GetAsync(procedure, null, ct); }
            catch (NotFoundException)
            {
                errors.Add("procedureCode", "unknown", $"Không có thủ tục mã \"{procedure}\".", $"No procedure \"{procedure}\".");
            }
        }
        errors.ThrowIfAny();
        rule.Name = name!;
        rule.OverdueWorkingHours = input.OverdueWorkingHours!.Value;
        rule.Action = input.Action!.Value;
        rule.TargetRole = role!;
        rule.ProcedureCode = procedure;
        rule.IsActive = input.IsActive ?? rule.IsActive;
        rule.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    private static string? CheckCode(ValidationErrors errors, string? raw)
    {
        var code = errors.RequiredText("code", raw, CodeMaxLength, "Mã quy tắc", "Code");
        if (code is not null && !CodePattern().IsMatch(code))
        {
            errors.Add("code", "format", "Mã quy tắc chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ: qua-han-8-gio).",
                "The code has only lower-case letters, digits and hyphens (e.g. overdue-8-hours).");
            return null;
        }
        return code;
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            throw new ConflictException("Quy tắc vừa được người khác thay đổi hoặc trùng mã; hãy tải lại.",
                "The rule was changed by someone else or its code is taken; reload it.");
        }
    }

    private void RequireOfficial()
    {
        if (!caller.IsOfficial) throw new ForbiddenException("Only officials read the escalation rules.");
    }

    private void RequireAdmin()
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators change the escalation rules.");
    }

    private static EscalationRuleView View(EscalationRule r) =>
        new(r.Id, r.Code, r.Name, r.OverdueWorkingHours, r.Action, r.TargetRole, r.ProcedureCode, r.IsActive, r.UpdatedAt);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();
}
