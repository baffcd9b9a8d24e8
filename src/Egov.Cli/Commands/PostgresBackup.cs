using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Egov.Cli.Commands;

/// <summary>
/// PostgreSQL backup and restore with pg_dump/pg_restore from PATH or /usr/lib/postgresql/*/bin. The connection's
/// host, port, user and database go on the command line; the password only through PGPASSWORD.
/// </summary>
internal static class PostgresBackup
{
    public static async Task BackupAsync(CliContext ctx, string target, CancellationToken ct)
    {
        var tool = FindTool("pg_dump");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = BackupCommands.TempBeside(target);
        try
        {
            await RunAsync(tool, Connection(ctx), ["--format=custom", $"--file={temp}"], true, ct);
            BackupCommands.OwnerOnly(temp);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            BackupCommands.DeleteQuietly(temp);
        }
    }

    public static async Task RestoreAsync(CliContext ctx, string file, CancellationToken ct)
    {
        var tool = FindTool("pg_restore");
        var head = new byte[5];
        await using (var stream = File.OpenRead(file))
            if (await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct) < head.Length || Encoding.ASCII.GetString(head) != "PGDMP")
                throw new CliException($"{file} không phải bản sao lưu PostgreSQL (pg_dump --format=custom).",
                    $"{file} is not a PostgreSQL custom-format dump (pg_dump --format=custom).");
        var listing = await RunAsync(tool, null, ["--list", file], false, ct);
        if (!listing.Contains("__EFMigrationsHistory", StringComparison.Ordinal))
            throw new CliException($"{file} không phải bản sao lưu của Egov (thiếu bảng __EFMigrationsHistory).",
                $"{file} is not an Egov backup (no __EFMigrationsHistory table).");
        NpgsqlConnection.ClearAllPools();
        // One transaction: a restore that fails half-way leaves the database as it was.
        await RunAsync(tool, Connection(ctx), ["--clean", "--if-exists", "--no-owner", "--single-transaction", file], true, ct);
        NpgsqlConnection.ClearAllPools();
    }

    private static NpgsqlConnectionStringBuilder Connection(CliContext ctx) => new(ctx.Database.ConnectionString);

    /// <summary>Runs a PostgreSQL tool without a shell and returns its standard output; a failure becomes a one-line error.</summary>
    private static async Task<string> RunAsync(string tool, NpgsqlConnectionStringBuilder? connection, IEnumerable<string> args, bool dbnameOption, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        if (connection is not null)
        {
            if (!string.IsNullOrEmpty(connection.Host)) start.ArgumentList.Add($"--host={connection.Host}");
            start.ArgumentList.Add($"--port={connection.Port}");
            if (!string.IsNullOrEmpty(connection.Username)) start.ArgumentList.Add($"--username={connection.Username}");
            if (!string.IsNullOrEmpty(connection.Database) && dbnameOption) start.ArgumentList.Add($"--dbname={connection.Database}");
            start.ArgumentList.Add("--no-password");
            if (!string.IsNullOrEmpty(connection.Password)) start.Environment["PGPASSWORD"] = connection.Password;
            if (!string.IsNullOrEmpty(connection.Passfile)) start.Environment["PGPASSFILE"] = connection.Passfile;
            if (SslMode(connection.SslMode) is { } ssl) start.Environment["PGSSLMODE"] = ssl;
            if (connection.Timeout > 0) start.Environment["PGCONNECT_TIMEOUT"] = connection.Timeout.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["PGAPPNAME"] = "egov-cli";
        }
        foreach (var a in args) start.ArgumentList.Add(a);

        using var process = Process.Start(start)
            ?? throw new CliException($"Không chạy được {tool}.", $"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var stderr = (await error).Trim();
        if (process.ExitCode != 0)
        {
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var message = lines.Length == 0 ? "" : string.Join(" | ", lines.TakeLast(3));
            var name = Path.GetFileName(tool);
            throw new CliException($"{name} thất bại (mã thoát {process.ExitCode}): {message}", $"{name} failed (exit code {process.ExitCode}): {message}");
        }
        return await output;
    }

    private static string? SslMode(SslMode mode) => mode switch
    {
        Npgsql.SslMode.Disable => "disable",
        Npgsql.SslMode.Allow => "allow",
        Npgsql.SslMode.Require => "require",
        Npgsql.SslMode.VerifyCA => "verify-ca",
        Npgsql.SslMode.VerifyFull => "verify-full",
        _ => null,
    };

    /// <summary>The tool on PATH, else the newest /usr/lib/postgresql/N/bin (Debian and Ubuntu keep it there).</summary>
    public static string FindTool(string name) =>
        FindTool(name, Environment.GetEnvironmentVariable("PATH") ?? "", "/usr/lib/postgresql");

    internal static string FindTool(string name, string path, string root)
    {
        var file = OperatingSystem.IsWindows() ? name + ".exe" : name;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, file);
            if (File.Exists(candidate)) return candidate;
        }
        if (System.IO.Directory.Exists(root))
        {
            var newest = System.IO.Directory.GetDirectories(root)
                .Select(d => (dir: d, version: double.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
                .OrderByDescending(d => d.version)
                .Select(d => Path.Combine(d.dir, "bin", file))
                .FirstOrDefault(File.Exists);
            if (newest is not null) return newest;
        }
        throw new CliException(
            $"Không tìm thấy {name} trong PATH hay /usr/lib/postgresql/*/bin; hãy cài gói postgresql-client (cùng phiên bản với máy chủ hoặc mới hơn).",
            $"{name} was not found on PATH or in /usr/lib/postgresql/*/bin; install postgresql-client (the server's version or newer).");
    }
}
