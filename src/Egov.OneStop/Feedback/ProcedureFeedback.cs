using Egov.Directory.Agencies;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop.Feedback;

/// <summary>
/// A comment about a procedure (góp ý về thủ tục) sent from the portal by anyone; a signed-in citizen's is linked to the account.
/// <see cref="Contact"/> (an e-mail address or phone number) is personal data: the audit trail records that it was given, not what it is.
/// </summary>
public sealed class ProcedureFeedback
{
    public Guid Id { get; set; }
    public string ProcedureCode { get; set; } = "";
    public string ProcedureName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Message { get; set; } = "";
    public string? Contact { get; set; }
    public Guid? UserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed record FeedbackInput(string? Subject, string? Message, string? Contact);
public sealed record FeedbackView(Guid Id, string ProcedureCode, string ProcedureName, string Subject, string Message, string? Contact,
    bool FromAccount, DateTime CreatedAt);

/// <summary>
/// Feedback about procedures: anyone sends (the host limits the rate per client address); officials read the feedback about the
/// procedures that an agency within their scope receives (system administrators: all), newest first.
/// </summary>
public sealed class ProcedureFeedbackService(EgovDbContext db, ICallerContext caller, ProcedureService procedures, AgencyService agencies,
    IAuditTrail audit, TimeProvider clock)
{
    public const int MaxSubject = 200;
    public const int MinMessage = 10;
    public const int MaxMessage = 4000;

    public async Task<FeedbackView> SendAsync(string procedureCode, FeedbackInput input, CancellationToken ct = default)
    {
        var procedure = await procedures.GetAsync(procedureCode.Trim(), null, ct);
        if (!procedure.Summary.IsActive) throw new NotFoundException("procedure");
        var errors = new ValidationErrors();
        var subject = errors.RequiredText("subject", input.Subject, MaxSubject, "Tiêu đề", "Subject");
        var message = errors.RequiredText("message", input.Message, MaxMessage, "Nội dung góp ý", "Message");
        if (message is not null && message.Length < MinMessage)
            errors.Add("message", "tooShort", $"Nội dung góp ý cần ít nhất {MinMessage} ký tự.", $"The message needs at least {MinMessage} characters.");
        var contact = CheckContact(errors, input.Contact);
        errors.ThrowIfAny();

        var feedback = new ProcedureFeedback
        {
            Id = Ids.New(), ProcedureCode = procedure.Summary.Code, ProcedureName = procedure.Summary.Name, Subject = subject!, Message = message!,
            Contact = contact, UserId = caller.IsOfficial ? null : caller.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(feedback);
        await db.SaveChangesAsync(ct);
        return View(feedback);
    }

    /// <summary>An e-mail address or a Vietnamese phone number (normalised), or nothing.</summary>
    private static string? CheckContact(ValidationErrors errors, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var value = raw.Trim();
        if (value.Contains('@'))
        {
            if (EmailAddress.Check(value, "contact", out var email) is { } bad) { errors.Add(bad); return null; }
            return email;
        }
        if (PhoneNumber.Check(value, "contact", out var phone) is null) return phone;
        errors.Add("contact", "format", "Thông tin liên hệ phải là địa chỉ thư điện tử (ví dụ ten@example.vn) hoặc số điện thoại (ví dụ 0912345678).",
            "The contact must be an e-mail address or a Vietnamese phone number.");
        return null;
    }

    /// <summary>Feedback the calling official may read, newest first; the contacts shown are an audited read of personal data.</summary>
    public async Task<Page<FeedbackView>> ListAsync(string? procedureCode, int? page, int? pageSize, CancellationToken ct = default)
    {
        if (!caller.IsOfficial) throw new ForbiddenException("Only officials read the feedback about procedures.");
        var (number, size) = Paging.Clamp(page, pageSize, 20);
        var query = db.Set<ProcedureFeedback>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(procedureCode)) query = query.Where(f => f.ProcedureCode == procedureCode.Trim());
        if (!caller.IsSystemAdmin)
        {
            var mine = await VisibleProceduresAsync(query, ct);
            query = query.Where(f => mine.Contains(f.ProcedureCode));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        foreach (var row in rows.Where(r => r.Contact is not null))
            await audit.RecordReadAsync(nameof(ProcedureFeedback), row.Id.ToString(), "feedback contact", ct);
        return new Page<FeedbackView>(rows.Select(View).ToList(), total, number, size);
    }

    /// <summary>The procedures with feedback that some agency in the caller's scope receives.</summary>
    private async Task<List<string>> VisibleProceduresAsync(IQueryable<ProcedureFeedback> query, CancellationToken ct)
    {
        var codes = await query.Select(f => f.ProcedureCode).Distinct().ToListAsync(ct);
        var visible = new List<string>();
        foreach (var code in codes)
        {
            ProcedureView procedure;
            try { procedure = await procedures.GetAsync(code, null, ct); }
            catch (NotFoundException) { continue; }
            var receivers = await agencies.ReceiversAsync(procedure.Definition.Agencies, ct);
            if (receivers.Any(a => caller.Covers(a.Path, Roles.OfficialRoles.ToArray()))) visible.Add(code);
        }
        return visible;
    }

    private static FeedbackView View(ProcedureFeedback f) =>
        new(f.Id, f.ProcedureCode, f.ProcedureName, f.Subject, f.Message, f.Contact, f.UserId is not null, f.CreatedAt);

    public static void Build(ModelBuilder model) => model.Entity<ProcedureFeedback>(e =>
    {
        e.ToTable("os_procedure_feedback");
        e.HasKey(x => x.Id);
        e.Property(x => x.ProcedureCode).HasMaxLength(40).IsRequired();
        e.Property(x => x.ProcedureName).HasMaxLength(500);
        e.Property(x => x.Subject).HasMaxLength(MaxSubject);
        e.Property(x => x.Message).HasMaxLength(MaxMessage);
        e.Property(x => x.Contact).HasMaxLength(254);
        e.HasIndex(x => new { x.ProcedureCode, x.CreatedAt });
        e.HasIndex(x => x.CreatedAt);
    });
}
