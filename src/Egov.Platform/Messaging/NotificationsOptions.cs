namespace Egov.Platform.Messaging;

/// <summary>Section "Notifications": how e-mail and SMS leave the platform, and how the outbox retries.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();
    public SmsOptions Sms { get; set; } = new();
    /// <summary>The portal's public address, for links in messages (e.g. https://dichvucong.thanhhoa.gov.vn); empty: paths only.</summary>
    public string? PortalUrl { get; set; }
    /// <summary>Attempts before a message is marked failed for good.</summary>
    public int MaxAttempts { get; set; } = 6;
    /// <summary>How often the sender looks for due messages.</summary>
    public int SendIntervalSeconds { get; set; } = 10;
    public int BatchSize { get; set; } = 50;

    public bool SmsAvailable => !string.Equals(Sms.Provider, SmsOptions.None, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(Sms.Provider);
}

public sealed class SmtpOptions
{
    /// <summary>Empty: e-mail is not configured and every e-mail fails at once (recorded, not retried).</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Cổng dịch vụ công <no-reply@localhost>";
    /// <summary>STARTTLS required (port 587) or TLS on connect (465); off only for a relay on the same network.</summary>
    public bool UseTls { get; set; } = true;
    public int TimeoutSeconds { get; set; } = 30;
}

public sealed class SmsOptions
{
    public const string None = "None", Development = "Development";
    /// <summary>"Development" (a sink the developer reads at /dev/sms) or "None"; a real provider plugs in behind <see cref="ISmsSender"/>.</summary>
    public string Provider { get; set; } = None;
}
