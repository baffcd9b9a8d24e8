using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Egov.Cli.Tests;

public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public string All => Out + Err;
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Err}";
}

/// <summary>Runs the real command line in-process (fast) or as a process (dotnet egov.dll).</summary>
public static class Cli
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await EgovCli.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs against a database: appends --connection (and --provider when given).</summary>
    public static Task<CliRun> RunOnAsync(string connection, params string[] args) =>
        RunAsync([.. args, "--connection", connection]);

    public static async Task<CliRun> RunWithProviderAsync(string provider, string connection, params string[] args) =>
        await RunAsync([.. args, "--provider", provider, "--connection", connection]);

    public static async Task<CliRun> RunProcessAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var egov = Path.Combine(AppContext.BaseDirectory, "egov.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(egov);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Database__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "egov-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }

    public static void DeleteDirectory(string dir)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static void Succeeded(this CliRun run) => Assert.True(run.ExitCode == 0, run.ToString());

    public static void Failed(this CliRun run, int exitCode) => Assert.True(run.ExitCode == exitCode, run.ToString());

    /// <summary>User errors are short: no stack trace.</summary>
    public static void HasNoStackTrace(this CliRun run) => Assert.DoesNotContain("   at ", run.All);
}
