using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Platform.Messaging;

/// <summary>
/// A citizen's or business's consent to be told about their dossiers by e-mail and/or SMS, with the address and phone to use
/// (opt-in: no row, or a channel switched off, means nothing is sent that way). Personal data: redacted in the audit trail,
/// which records each change; never logged.
/// </summary>
public sealed class ContactPreference
{
    public Guid UserId { get; set; }
    public bool EmailEnabled { get; set; }
    public string? NotifyEmail { get; set; }
    public bool SmsEnabled { get; set; }
    public string? NotifyPhone { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}

public sealed record ContactPreferenceInput(bool EmailEnabled, string? Email, bool SmsEnabled, string? Phone, int? Version = null);

public sealed record ContactPreferenceView(bool EmailEnabled, string? Email, bool SmsEnabled, string? Phone, DateTime? UpdatedAt, int Version, bool SmsAvailable);

/// <summary>The caller's own notification preferences; nobody reads or changes another account's.</summary>
public sealed class ContactPreferenceService(EgovDbContext db, ICallerContext caller, IAuditTrail audit, TimeProvider clock, NotificationsOptions options)
{
    private Guid Me() => caller.UserId is { } id && !caller.IsOfficial
        ? id
        : throw new ForbiddenException("Only a citizen's or business's account has notification preferences.");

    /// <summary>The caller's preferences (an audited read of personal data); a fresh account has everything off.</summary>
    public async Task<ContactPreferenceView> GetAsync(CancellationToken ct = default)
    {
        var me = Me();
        var row = await db.Set<ContactPreference>().AsNoTracking().FirstOrDefaultAsync(p => p.UserId == me, ct);
        if (row is not null) await audit.RecordReadAsync(nameof(ContactPreference), me.ToString(), "notification contacts", ct);
        return View(row);
    }

    /// <summary>
    /// Saves the choice. A channel switched on needs its address (e-mail) or a Vietnamese phone number (SMS); an address given
    /// with the channel off is kept, so switching back on later needs no retyping. A stale version is a conflict.
    /// </summary>
    public async Task<ContactPreferenceView> SaveAsync(ContactPreferenceInput input, CancellationToken ct = default)
    {
        var me = Me();
        var errors = new ValidationErrors();
        errors.Add(EmailAddress.Check(input.Email, "email", out var email));
        errors.Add(PhoneNumber.Check(input.Phone, "phone", out var phone));
        if (input.EmailEnabled && string.IsNullOrWhiteSpace(input.Email))
            errors.Add("email", "required", "Hãy nhập địa chỉ thư điện tử để nhận thông báo qua e-mail.", "Give the e-mail address to be notified by e-mail.");
        if (input.SmsEnabled && string.IsNullOrWhiteSpace(input.Phone))
            errors.Add("phone", "required", "Hãy nhập số điện thoại di động để nhận tin nhắn SMS.", "Give the mobile number to be notified by SMS.");
        if (input.SmsEnabled && !options.SmsAvailable)
            errors.Add("smsEnabled", "unavailable", "Hệ thống chưa có nhà cung cấp SMS; hãy chọn nhận qua thư điện tử.", "SMS is not available; choose e-mail.");
        errors.ThrowIfAny();

        db.ChangeTracker.Clear();
        var row = await db.Set<ContactPreference>().FirstOrDefaultAsync(p => p.UserId == me, ct);
        if (row is not null && input.Version is { } v && v != row.Version)
            throw new ConflictException("Tuỳ chọn thông báo đã được thay đổi ở nơi khác; hãy tải lại trang.", "The preferences were changed elsewhere; reload.");
        if (row is null) db.Add(row = new ContactPreference { UserId = me });
        row.EmailEnabled = input.EmailEnabled;
        row.NotifyEmail = email;
        row.SmsEnabled = input.SmsEnabled;
        row.NotifyPhone = phone;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            throw new ConflictException("Tuỳ chọn thông báo vừa được lưu ở nơi khác; hãy tải lại trang.", "The preferences were saved elsewhere at the same time; reload.");
        }
        return View(row);
    }

    private ContactPreferenceView View(ContactPreference? p) =>
        new(p?.EmailEnabled ?? false, p?.NotifyEmail, p?.SmsEnabled ?? false, p?.NotifyPhone, p?.UpdatedAt, p?.Version ?? 0, options.SmsAvailable);
}
