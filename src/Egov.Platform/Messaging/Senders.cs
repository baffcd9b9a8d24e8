using System.Net.Sockets;
using Egov.Platform.Data;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Egov.Platform.Messaging;

/// <summary>A failure that retrying will not cure (no server configured, recipient refused with a 5xx reply).</summary>
public sealed class PermanentSendException(string reason) : Exception(reason);

public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken ct);
}

/// <summary>A provider of SMS (a telecom's brandname gateway in production); <see cref="DevelopmentSmsSink"/> for developers.</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken ct);
}

/// <summary>E-mail through the province's SMTP server with MailKit: UTF-8 subject and plain-text body, one connection per message.</summary>
public sealed class SmtpEmailSender(NotificationsOptions options) : IEmailSender
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        var smtp = options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host)) throw new PermanentSendException("smtpNotConfigured");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        var text = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        text.SetText("utf-8", body);
        message.Body = text;

        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        var security = smtp.UseTls ? (smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls) : SecureSocketOptions.None;
        await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        // MimeKit writes non-ASCII headers as RFC 2047 encoded words in UTF-8 and the body as UTF-8 quoted-printable.
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }

    /// <summary>Whether a failure is worth another attempt: 4xx replies and network trouble are; 5xx replies are not.</summary>
    public static bool IsPermanent(Exception e) => e switch
    {
        PermanentSendException => true,
        SmtpCommandException c => (int)c.StatusCode >= 500,
        ParseException => true,
        _ => false,
    };

    /// <summary>Type and SMTP status only: a server's reply text may repeat the recipient's address.</summary>
    public static string Describe(Exception e) => e switch
    {
        PermanentSendException p => p.Message,
        SmtpCommandException c => $"{nameof(SmtpCommandException)} {(int)c.StatusCode} {c.ErrorCode}",
        SmtpProtocolException => nameof(SmtpProtocolException),
        SocketException s => $"{nameof(SocketException)} {s.SocketErrorCode}",
        _ => e.GetType().Name,
    };
}

/// <summary>The development SMS sink: what would be sent is stored in <c>plat_dev_sms</c> and shown at /dev/sms.</summary>
public sealed class DevelopmentSmsSink(EgovDbContext db, TimeProvider clock) : ISmsSender
{
    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        db.Add(new DevSmsMessage { Id = Ids.New(), To = phone, Text = text, SentAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    public async Task<IReadOnlyList<DevSmsMessage>> LatestAsync(int count, CancellationToken ct = default) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<DevSmsMessage>().OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).Take(count), ct);
}

/// <summary>No SMS provider is configured: SMS messages fail at once (and the preferences page does not offer SMS).</summary>
public sealed class NoSmsProvider : ISmsSender
{
    public Task SendAsync(string phone, string text, CancellationToken ct) => throw new PermanentSendException("smsNotConfigured");
}
