using System.Security.Cryptography;
using Egov.Directory.Agencies;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Egov.Identity;

public sealed record ApiClientInput(string? Name, string? Role, Guid? AgencyId);
public sealed record ApiClientView(Guid Id, string ClientId, string Name, string Role, Guid AgencyId, bool IsActive, DateTime CreatedAt);
public sealed record ApiClientCreated(ApiClientView Client, string Secret);

/// <summary>Partner systems (national portal, post office, banks…) registered with a secret shown once and a role in one agency.</summary>
public sealed class ApiClientService(EgovDbContext db, ICallerContext caller, AgencyService agencies, TimeProvider clock)
{
    private static readonly PasswordHasher<ApiClient> Hasher = new();

    public async Task<ApiClientCreated> CreateAsync(ApiClientInput input, CancellationToken ct = default)
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators register partner systems.");
        var errors = new ValidationErrors();
        var name = errors.RequiredText("name", input.Name, 200, "Tên hệ thống", "Name");
        if (input.Role is null || !Roles.OfficialRoles.Contains(input.Role) || input.Role == Roles.SystemAdmin)
            errors.Add("role", "unknownRole", "Vai trò của hệ thống đối tác không hợp lệ.", "Unknown role for a partner system.");
        var agency = input.AgencyId is { } id ? await agencies.LocateAsync(id, ct) : null;
        if (agency is null) errors.Add("agencyId", "unknownAgency", "Không tìm thấy cơ quan.", "The agency does not exist.");
        errors.ThrowIfAny();
        var client = new ApiClient
        {
            Id = Ids.New(), ClientId = "egov-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Name = name!,
            Role = input.Role!, AgencyId = agency!.Value.Id, AgencyPath = agency.Value.Path, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        client.SecretHash = Hasher.HashPassword(client, secret);
        db.Add(client);
        await db.SaveChangesAsync(ct);
        return new ApiClientCreated(View(client), secret);
    }

    public async Task<IReadOnlyList<ApiClientView>> ListAsync(CancellationToken ct = default)
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators list partner systems.");
        var rows = await db.Set<ApiClient>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public async Task SetActiveAsync(Guid id, bool active, CancellationToken ct = default)
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators change partner systems.");
        var client = await db.Set<ApiClient>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("API client");
        client.IsActive = active;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Checks a client's credentials; null when unknown, inactive or wrong (the caller cannot tell which).</summary>
    public async Task<ApiClient?> AuthenticateAsync(string? clientId, string? secret, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret) || clientId.Length > 64 || secret.Length > 200) return null;
        var client = await db.Set<ApiClient>().AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId && c.IsActive, ct);
        if (client is null) return null;
        return Hasher.VerifyHashedPassword(client, client.SecretHash, secret) == PasswordVerificationResult.Failed ? null : client;
    }

    private static ApiClientView View(ApiClient c) => new(c.Id, c.ClientId, c.Name, c.Role, c.AgencyId, c.IsActive, c.CreatedAt);
}
