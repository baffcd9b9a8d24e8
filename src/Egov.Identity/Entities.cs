using Microsoft.AspNetCore.Identity;

namespace Egov.Identity;

public enum AccountKind { Citizen, Business, Official }

/// <summary>A sign-in account. Citizen ID, tax code, phone and e-mail are personal data: reads are audited, logs never carry them.</summary>
public sealed class EgovUser : IdentityUser<Guid>
{
    public string FullName { get; set; } = "";
    public AccountKind Kind { get; set; }
    /// <summary>12-digit personal identification number (citizens).</summary>
    public string? CitizenId { get; set; }
    /// <summary>Tax code (businesses).</summary>
    public string? TaxCode { get; set; }
    /// <summary>The directory record of an official's account.</summary>
    public Guid? OfficialId { get; set; }
    public bool IsDisabled { get; set; }
    /// <summary>Folded full name for search with or without diacritics.</summary>
    public string SearchName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<RoleAssignment> Roles { get; set; } = [];
}

/// <summary>A role held in an agency; it reaches the agency's whole sub-tree. Citizens and businesses hold theirs without an agency.</summary>
public sealed class RoleAssignment
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Role { get; set; } = "";
    public Guid? AgencyId { get; set; }
    /// <summary>Copy of the agency's path at assignment time, for scoping without a join (kept current when agencies move).</summary>
    public string? AgencyPath { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A partner system calling the API with the OAuth 2.0 client-credentials grant.</summary>
public sealed class ApiClient
{
    public Guid Id { get; set; }
    public string ClientId { get; set; } = "";
    public string Name { get; set; } = "";
    public string SecretHash { get; set; } = "";
    public string Role { get; set; } = Platform.Access.Roles.Specialist;
    public Guid AgencyId { get; set; }
    public string AgencyPath { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}
