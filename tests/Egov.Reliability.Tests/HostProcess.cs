using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Egov.Reliability.Tests;

/// <summary>
/// The real web host (src/Egov.Web's build output) as a separate operating-system process, on a loopback port, so that
/// a test can kill it the way a power cut or the OOM killer would: SIGKILL, no shutdown code runs.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    public Uri Address { get; }
    /// <summary>The operating-system process id: part of the node id a job lease names (machine:pid:suffix).</summary>
    public int Pid => _process.Id;
    /// <summary>The last lines the host wrote (JSON logs), for a failing test's message.</summary>
    public string RecentOutput => string.Join('\n', _output);

    private HostProcess(Process process, Uri address) => (_process, Address) = (process, address);

    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int? port = null)
    {
        port ??= FreePort();
        var start = new ProcessStartInfo("dotnet", [WebAssembly()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WebAssembly())!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    /// <summary>SIGKILL: the process ends at once, whatever it was doing.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode} while starting:\n{RecentOutput}");
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        Kill();
        throw new TimeoutException("The host did not become healthy in time.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Egov.Web.dll built with the same configuration as this test assembly.</summary>
    private static string WebAssembly()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Egov.slnx"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(root, "src", "Egov.Web", "bin", configuration, "net10.0", "Egov.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Egov.Web first.", path);
    }
}
