using System.CommandLine;
using System.CommandLine.Parsing;
using System.Data.Common;
using Egov.Cli.Commands;
using Egov.Platform.Validation;

namespace Egov.Cli;

/// <summary>
/// The "egov" command line. Exit codes: 0 success, 1 an error the operator can fix (one line, no stack trace),
/// 2 a usage error, 3 a tampered audit trail.
/// </summary>
public sealed class EgovCli
{
    private readonly CliIo _io;
    private readonly string? _baseDirectory;

    public Option<string?> ProviderOption { get; } = new("--provider")
    {
        Description = "Loại cơ sở dữ liệu, ghi đè Database:Provider / Database provider, overrides Database:Provider (Sqlite|PostgreSql)",
        HelpName = "Sqlite|PostgreSql",
        Recursive = true,
    };

    public Option<string?> ConnectionOption { get; } = new("--connection")
    {
        Description = "Chuỗi kết nối, ghi đè Database:ConnectionString / Connection string, overrides Database:ConnectionString",
        HelpName = "connection-string",
        Recursive = true,
    };

    public Option<bool> VerboseOption { get; } = new("--verbose")
    {
        Description = "In chi tiết lỗi (stack trace) / Print error details (stack traces)",
        Recursive = true,
    };

    public RootCommand Root { get; }

    public EgovCli(CliIo io, string? baseDirectory = null)
    {
        _io = io;
        _baseDirectory = baseDirectory;
        ProviderOption.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is not null && CliContext.ParseProvider(value) is null)
                r.AddError($"--provider: \"{value}\" không hợp lệ, dùng Sqlite hoặc PostgreSql / invalid, use Sqlite or PostgreSql.");
        });
        Root = new RootCommand(
            "Công cụ quản trị Egov: cập nhật cơ sở dữ liệu, dữ liệu mẫu, đơn vị hành chính, tài khoản, sao lưu và kiểm tra nhật ký.\n" +
            "Egov administration tool: migrations, demo data, administrative units, accounts, backup and audit verification.\n\n" +
            "Cấu hình / Configuration: appsettings.json (thư mục hiện tại / current directory), biến môi trường / environment " +
            "Database__Provider, Database__ConnectionString (mặc định / default SQLite \"" + Platform.Data.DatabaseOptions.DefaultSqlite + "\").")
        {
            HelpName = "egov",
        };
        Root.Options.Add(ProviderOption);
        Root.Options.Add(ConnectionOption);
        Root.Options.Add(VerboseOption);
        Root.Subcommands.Add(MigrateCommands.Migrate(this));
        Root.Subcommands.Add(MigrateCommands.Seed(this));
        Root.Subcommands.Add(ImportCommands.Import(this));
        Root.Subcommands.Add(UserCommands.Users(this));
        Root.Subcommands.Add(BackupCommands.Backup(this));
        Root.Subcommands.Add(BackupCommands.Restore(this));
        Root.Subcommands.Add(AuditCommands.Audit(this));
        Root.Subcommands.Add(CalendarCommands.Calendar(this));
        Root.Subcommands.Add(GenerateCommands.Generate(this));
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default) =>
        new EgovCli(new CliIo(output, error)).InvokeAsync(args, ct);

    public async Task<int> InvokeAsync(string[] args, CancellationToken ct = default)
    {
        var parsed = Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
                _io.Err.WriteLine($"Lỗi cú pháp / Usage error: {e.Message}");
            _io.Err.WriteLine($"Xem hướng dẫn / See help: {CommandPath(parsed.CommandResult)} --help");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = _io.Out, Error = _io.Err, EnableDefaultExceptionHandler = false };
        return await parsed.InvokeAsync(configuration, ct);
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Command is RootCommand ? "egov" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>
    /// Runs a command's body with its own services and turns every failure into a one-line message and an exit code.
    /// <paramref name="fields"/> maps the services' field names to the command's options (e.g. role → --role).
    /// </summary>
    public void SetAction(Command command, Func<CliContext, ParseResult, CancellationToken, Task<int>> body,
        IReadOnlyDictionary<string, string>? fields = null)
    {
        command.SetAction(async (parsed, ct) =>
        {
            var verbose = parsed.GetValue(VerboseOption);
            try
            {
                await using var context = CliContext.Create(_io, parsed.GetValue(ProviderOption), parsed.GetValue(ConnectionOption), _baseDirectory);
                return await body(context, parsed, ct);
            }
            catch (CliException e)
            {
                _io.Error(e.MessageVi, e.Message);
                return e.ExitCode;
            }
            catch (DomainValidationException e)
            {
                foreach (var f in e.Errors.All)
                {
                    var prefix = fields is not null && fields.TryGetValue(f.Field, out var option) ? option + ": " : "";
                    _io.Error(prefix + f.MessageVi, prefix + f.MessageEn);
                }
                return ExitCodes.UserError;
            }
            catch (NotFoundException e)
            {
                _io.Error($"Không tìm thấy ({e.What}).", e.Message);
                return ExitCodes.UserError;
            }
            catch (ForbiddenException e)
            {
                _io.Error("Không được phép thực hiện thao tác này.", e.Message);
                return ExitCodes.UserError;
            }
            catch (ConflictException e)
            {
                _io.Error(e.MessageVi, e.Message);
                return ExitCodes.UserError;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                _io.Error("Đã hủy.", "Cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (Innermost<DbException>(e) is { } db)
            {
                _io.Error($"Lỗi cơ sở dữ liệu: {db.Message}", $"Database error: {db.Message}");
                if (verbose) _io.Err.WriteLine(e);
                return ExitCodes.UserError;
            }
            catch (Exception e)
            {
                _io.Error($"Lỗi không mong đợi: {e.GetType().Name}: {e.Message}", $"Unexpected error: {e.GetType().Name}: {e.Message}");
                if (verbose) _io.Err.WriteLine(e);
                else _io.Err.WriteLine("Chạy lại với --verbose để xem chi tiết / Run again with --verbose for details.");
                return ExitCodes.UserError;
            }
        });
    }

    private static T? Innermost<T>(Exception e) where T : Exception
    {
        T? found = null;
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T t) found = t;
        return found;
    }
}
