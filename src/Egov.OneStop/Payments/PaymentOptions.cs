using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Egov.Platform.Access;

namespace Egov.OneStop.Payments;

/// <summary>
/// Configuration section "Payments": one shared secret per bank or gateway that notifies payments
/// (Payments:Providers:{name}:Secret), how far a notification's timestamp may be from the server's clock, and whether
/// the sandbox bank (development and demo only) is on.
/// </summary>
public sealed class PaymentOptions
{
    public const string Section = "Payments";
    public const string SandboxProvider = "sandbox";

    public Dictionary<string, PaymentProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public int ToleranceSeconds { get; set; } = 300;
    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>The secret of a provider that may notify now; the sandbox only while it is enabled.</summary>
    public byte[]? SecretOf(string provider)
    {
        if (provider == SandboxProvider && !Sandbox.Enabled) return null;
        return Providers.TryGetValue(provider, out var p) && p.Secret is { Length: >= 16 } secret ? Encoding.UTF8.GetBytes(secret) : null;
    }

    public string DisplayName(string provider) =>
        Providers.TryGetValue(provider, out var p) && p.DisplayName is { Length: > 0 } name ? name
        : provider == SandboxProvider ? "Ngân hàng thử nghiệm (sandbox)" : provider;
}

public sealed class PaymentProviderOptions
{
    /// <summary>Shared HMAC key, at least 16 characters; never committed except the development default.</summary>
    public string? Secret { get; set; }
    public string? DisplayName { get; set; }
}

public sealed class SandboxOptions
{
    public bool Enabled { get; set; }
}

/// <summary>
/// The signature of a payment notification: headers X-Payment-Provider, X-Payment-Timestamp (Unix seconds) and
/// X-Payment-Signature = "sha256=" + lower-case hex of HMAC-SHA256(secret, "{timestamp}." + raw body bytes).
/// The timestamp is inside the signed text, so a captured notification cannot be sent again later with a new one.
/// </summary>
public static class PaymentSignature
{
    public const string ProviderHeader = "X-Payment-Provider";
    public const string TimestampHeader = "X-Payment-Timestamp";
    public const string SignatureHeader = "X-Payment-Signature";
    private const string Prefix = "sha256=";

    public static string Sign(byte[] secret, string timestamp, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    public static bool Verify(byte[] secret, string timestamp, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null) return false;
        var hex = signature.Trim();
        if (hex.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) hex = hex[Prefix.Length..];
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit)) return false;
        return CryptographicOperations.FixedTimeEquals(Mac(secret, timestamp, body), Convert.FromHexString(hex));
    }

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static byte[] Mac(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var head = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[head.Length + body.Length];
        head.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(head.Length));
        return HMACSHA256.HashData(secret, signed);
    }
}

/// <summary>
/// Who records an online payment: the bank or gateway, acting like a partner system that holds the one-stop role in the
/// receiving agency only (as API clients do), so the fee goes through the same action as at the counter.
/// </summary>
public sealed class PaymentGatewayCaller(string provider, Guid agencyId, string agencyPath) : ICallerContext
{
    public Guid? UserId => null;
    public string Actor { get; } = "payment:" + provider;
    public IReadOnlyList<CallerGrant> Grants { get; } = agencyPath.Length > 0 ? [new(Roles.OneStopOfficer, agencyId, agencyPath)] : [];
}
