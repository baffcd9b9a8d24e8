using System.Linq.Expressions;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Platform.Notifications;

/// <summary>Who receives a notice: one user, or the holders of a role in one agency (its materialised path).</summary>
public sealed record NotificationRecipient(Guid? UserId, string? Role, string? AgencyPath)
{
    public static NotificationRecipient User(Guid userId) => new(userId, null, null);
    public static NotificationRecipient RoleIn(string role, string agencyPath) => new(null, role, agencyPath);
}

public sealed record NotificationInput(string? DedupeKey, NotificationRecipient? Recipient, string? Title, string? Body, string? Link);
public sealed record NotificationView(Guid Id, string Title, string Body, string? Link, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>
/// In-app notices for officials. Creating is idempotent by the dedupe key; reading is limited to the caller's
/// notices: addressed to the caller's user id, or to a role the caller holds in exactly that agency (a leader of a
/// province department does not get the notices of every commune below it).
/// </summary>
public sealed class NotificationService(EgovDbContext db, ICallerContext caller, TimeProvider clock)
{
    public const int TitleMaxLength = 300;
    public const int BodyMaxLength = 2000;
    public const int KeyMaxLength = 200;

    /// <summary>
    /// Adds the notice to the unit of work unless one with its key exists, without saving: for callers that save
    /// it together with their own change in one transaction. False when it already existed.
    /// </summary>
    public async Task<bool> StageAsync(NotificationInput input, CancellationToken ct = default)
    {
        var notice = Validate(input);
        if (db.ChangeTracker.Entries<Notification>().Any(e => e.Entity.DedupeKey == notice.DedupeKey)) return false;
        if (await db.Set<Notification>().AnyAsync(n => n.DedupeKey == notice.DedupeKey, ct)) return false;
        db.Add(notice);
        return true;
    }

    /// <summary>Creates the notice, or returns the existing one with the same key (also when a concurrent call won).</summary>
    public async Task<NotificationView> CreateAsync(NotificationInput input, CancellationToken ct = default)
    {
        if (await StageAsync(input, ct))
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // the unique key: another caller created it first
            }
        }
        var key = input.DedupeKey!.Trim();
        return await db.Set<Notification>().AsNoTracking().Where(n => n.DedupeKey == key).Select(ToView).SingleAsync(ct);
    }

    public async Task<Page<NotificationView>> ListMineAsync(bool unreadOnly = false, int? page = null, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Paging.Clamp(page, pageSize);
        var query = Mine();
        if (unreadOnly) query = query.Where(n => n.ReadAt == null);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((p - 1) * size).Take(size).Select(ToView).ToListAsync(ct);
        return new Page<NotificationView>(items, total, p, size);
    }

    public Task<int> CountUnreadAsync(CancellationToken ct = default) => Mine().CountAsync(n => n.ReadAt == null, ct);

    /// <summary>Marks one of the caller's notices read (idempotent); another's notice looks like none (404).</summary>
    public async Task MarkReadAsync(Guid id, CancellationToken ct = default)
    {
        var notice = await Mine().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw new NotFoundException("notification");
        if (notice.ReadAt is not null) return;
        notice.ReadAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    private Notification Validate(NotificationInput input)
    {
        var errors = new ValidationErrors();
        var key = errors.RequiredText("dedupeKey", input.DedupeKey, KeyMaxLength, "Khóa chống trùng", "Dedupe key");
        var title = errors.RequiredText("title", input.Title, TitleMaxLength, "Tiêu đề", "Title");
        var body = errors.RequiredText("body", input.Body, BodyMaxLength, "Nội dung", "Body");
        var link = errors.OptionalText("link", input.Link, 400, "Liên kết", "Link");
        if (link is not null && !link.StartsWith('/'))
            errors.Add("link", "format", "Liên kết phải là đường dẫn trong hệ thống (bắt đầu bằng /).", "The link must be a local path (starting with /).");
        var r = input.Recipient;
        var byUser = r?.UserId is not null;
        var byRole = !string.IsNullOrWhiteSpace(r?.Role) && !string.IsNullOrWhiteSpace(r?.AgencyPath);
        if (byUser == byRole)
            errors.Add("recipient", "oneOf", "Người nhận phải là một người dùng, hoặc một vai trò tại một cơ quan.",
                "The recipient must be either a user or a role in an agency.");
        errors.ThrowIfAny();
        return new Notification
        {
            Id = Ids.New(), DedupeKey = key!, Title = title!, Body = body!, Link = link, CreatedAt = clock.GetUtcNow().UtcDateTime,
            RecipientUserId = byUser ? r!.UserId : null,
            RecipientRole = byUser ? null : r!.Role!.Trim(),
            RecipientAgencyPath = byUser ? null : r!.AgencyPath!.Trim(),
        };
    }

    /// <summary>The caller's notices: an OR of the user id and each (role, agency path) grant, so both providers use the indexes.</summary>
    private IQueryable<Notification> Mine()
    {
        var n = Expression.Parameter(typeof(Notification), "n");
        Expression? test = null;
        if (caller.UserId is { } userId)
            test = Expression.Equal(Expression.Property(n, nameof(Notification.RecipientUserId)), Expression.Constant((Guid?)userId, typeof(Guid?)));
        foreach (var grant in caller.Grants.DistinctBy(g => (g.Role, g.AgencyPath)))
        {
            var match = Expression.AndAlso(
                Expression.Equal(Expression.Property(n, nameof(Notification.RecipientRole)), Expression.Constant(grant.Role, typeof(string))),
                Expression.Equal(Expression.Property(n, nameof(Notification.RecipientAgencyPath)), Expression.Constant(grant.AgencyPath, typeof(string))));
            test = test is null ? match : Expression.OrElse(test, match);
        }
        var query = db.Set<Notification>().AsQueryable();
        return test is null ? query.Where(_ => false) : query.Where(Expression.Lambda<Func<Notification, bool>>(test, n));
    }

    private static readonly Expression<Func<Notification, NotificationView>> ToView =
        n => new NotificationView(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt);
}
