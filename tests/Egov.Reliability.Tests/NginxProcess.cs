using System.Diagnostics;
using System.Net;
using System.Text;

namespace Egov.Reliability.Tests;

/// <summary>
/// Debian's nginx as an unprivileged process in front of several hosts: its own prefix in a temp folder (configuration,
/// pid, logs, temp files), a loopback port, a round-robin upstream, and the proxy settings docs/deployment.md gives.
/// As root (the test container) it runs as <c>nobody</c> through runuser, as an operator's service user would.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;
    public Uri Address { get; }
    /// <summary>Each proxied request's upstream ("127.0.0.1:port") and status, one line each.</summary>
    public string AccessLog => Path.Combine(_prefix, "logs", "access.log");

    private NginxProcess(Process process, string prefix, Uri address) => (_process, _prefix, Address) = (process, prefix, address);

    public static string Executable => Environment.GetEnvironmentVariable("EGOV_NGINX") is { Length: > 0 } path ? path : "/usr/sbin/nginx";

    public static async Task<NginxProcess> StartAsync(IReadOnlyList<Uri> upstreams)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"nginx not found at {Executable}. Run the tests through ./test.sh, which installs Debian's nginx.");
        var prefix = System.IO.Directory.CreateTempSubdirectory("egov-nginx-").FullName;
        foreach (var dir in new[] { "logs", "temp" }) System.IO.Directory.CreateDirectory(Path.Combine(prefix, dir));
        var port = HostProcess.FreePort();
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Config(prefix, port, upstreams));

        // In the foreground, so that the test owns the process (a service would run it the same way under systemd).
        var arguments = new List<string> { Executable, "-p", prefix + "/", "-c", Path.Combine(prefix, "nginx.conf"), "-e", Path.Combine(prefix, "logs", "error.log"),
            "-g", "daemon off;" };
        if (Environment.IsPrivilegedProcess)
        {
            // nginx started as root keeps a root master; run it all as nobody instead, with the folder theirs.
            foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(prefix, "*", SearchOption.AllDirectories).Append(prefix))
                File.SetUnixFileMode(path, System.IO.Directory.Exists(path) ? (UnixFileMode)0b111_111_111 : (UnixFileMode)0b110_110_110);
            arguments.InsertRange(0, ["runuser", "-u", "nobody", "--"]);
        }
        var start = new ProcessStartInfo(arguments[0], arguments.Skip(1))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var nginx = new NginxProcess(process, prefix, new Uri($"http://127.0.0.1:{port}"));

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var until = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < until; await Task.Delay(100))
        {
            if (process.HasExited)
            {
                var log = File.Exists(Path.Combine(prefix, "logs", "error.log")) ? File.ReadAllText(Path.Combine(prefix, "logs", "error.log")) : "";
                throw new InvalidOperationException($"nginx exited with code {process.ExitCode}: {stderr}{log}");
            }
            try
            {
                using var response = await client.GetAsync(new Uri(nginx.Address, "/health"));
                if (response.StatusCode == HttpStatusCode.OK) return nginx;
            }
            catch (HttpRequestException) { }
        }
        await nginx.DisposeAsync();
        throw new TimeoutException("nginx did not answer in time.");
    }

    /// <summary>The configuration of docs/deployment.md, with every path inside the prefix and plain HTTP on loopback.</summary>
    private static string Config(string prefix, int port, IReadOnlyList<Uri> upstreams) => $$"""
        worker_processes 1;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/logs/error.log warn;
        events { worker_connections 1024; }
        http {
            access_log off;
            log_format upstream '$upstream_addr $status';
            client_body_temp_path {{prefix}}/temp/body;
            proxy_temp_path {{prefix}}/temp/proxy;
            fastcgi_temp_path {{prefix}}/temp/fastcgi;
            uwsgi_temp_path {{prefix}}/temp/uwsgi;
            scgi_temp_path {{prefix}}/temp/scgi;
            client_max_body_size 60m;
            upstream egov {
        {{string.Concat(upstreams.Select(u => $"        server {u.Host}:{u.Port};\n"))}}        keepalive 32;
            }
            server {
                listen 127.0.0.1:{{port}};
                access_log {{prefix}}/logs/access.log upstream;
                location / {
                    proxy_pass http://egov;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                }
            }
        }
        """;

    /// <summary>How many proxied requests each upstream answered, from the access log.</summary>
    public Dictionary<string, int> RequestsPerUpstream() =>
        (File.Exists(AccessLog) ? File.ReadAllLines(AccessLog) : [])
            .Select(line => line.Split(' ')[0]).GroupBy(u => u).ToDictionary(g => g.Key, g => g.Count());

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { System.IO.Directory.Delete(_prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
