using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Egov.Testing;

/// <summary>
/// A small real SMTP server on a loopback port (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT)
/// that keeps what it receives, so tests send through a real TCP conversation. <see cref="RejectNext"/> makes the next
/// messages fail with a given reply at RCPT (e.g. "451 4.3.0 Try again later" or "550 5.1.1 No such mailbox").
/// No package on the mirror offers a maintained test SMTP server for .NET 10, so it is here, ~100 lines.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<string> _rejections = new();

    /// <summary>Raw messages (the DATA, dot-unstuffed) with their envelope recipients, in the order received.</summary>
    public ConcurrentQueue<(string To, byte[] Data)> Received { get; } = new();
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public SmtpTestServer()
    {
        _listener.Start();
        _loop = AcceptAsync();
    }

    /// <summary>The next <paramref name="count"/> recipients are answered with <paramref name="reply"/> instead of 250.</summary>
    public void RejectNext(int count, string reply)
    {
        for (var i = 0; i < count; i++) _rejections.Enqueue(reply);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.Latin1);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost ESMTP test");
        string? to = null;
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO": await writer.WriteLineAsync("250-localhost\r\n250 8BITMIME"); break;
                    case "HELO": await writer.WriteLineAsync("250 localhost"); break;
                    case "MAIL": to = null; await writer.WriteLineAsync("250 OK"); break;
                    case "RCPT":
                        if (_rejections.TryDequeue(out var reply)) { await writer.WriteLineAsync(reply); break; }
                        to = line[(line.IndexOf(':') + 1)..].Trim().Trim('<', '>');
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        if (to is null) { await writer.WriteLineAsync("503 5.5.1 No recipient"); break; }
                        await writer.WriteLineAsync("354 End with <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } body && body != ".")
                            data.Append(body.StartsWith("..", StringComparison.Ordinal) ? body[1..] : body).Append("\r\n");
                        Received.Enqueue((to, Encoding.Latin1.GetBytes(data.ToString())));
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "RSET": to = null; await writer.WriteLineAsync("250 OK"); break;
                    case "NOOP": await writer.WriteLineAsync("250 OK"); break;
                    case "QUIT": await writer.WriteLineAsync("221 Bye"); return;
                    default: await writer.WriteLineAsync("502 5.5.2 Command not implemented"); break;
                }
            }
        }
        catch (IOException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
    }
}
