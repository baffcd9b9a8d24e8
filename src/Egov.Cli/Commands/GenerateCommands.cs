using System.CommandLine;
using System.Globalization;
using Egov.OneStop.Generation;
using Egov.Platform.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Cli.Commands;

/// <summary>egov generate --dossiers N: a realistic dossier register for benchmarks and demonstrations (DossierGenerator).</summary>
internal static class GenerateCommands
{
    public const int MaxDossiers = 100_000_000;

    public static Command Generate(EgovCli cli)
    {
        var dossiers = new Option<string>("--dossiers")
        {
            Description = "Số hồ sơ cần tạo / Number of dossiers to generate (e.g. 1000000, 10M)", HelpName = "N", Required = true,
        };
        var seed = new Option<int>("--seed") { Description = "Hạt giống ngẫu nhiên: cùng hạt giống, cùng dữ liệu / Random seed: same seed, same data", DefaultValueFactory = _ => 1 };
        var years = new Option<int>("--years") { Description = "Số năm tiếp nhận / Years of receptions (1–30)", DefaultValueFactory = _ => 3 };
        var until = new Option<string?>("--until")
        {
            Description = "Ngày cuối (giờ Việt Nam), mặc định hôm nay / Last day (Vietnam time), default today, yyyy-MM-dd", HelpName = "yyyy-MM-dd",
        };
        var command = new Command("generate",
            "Tạo hồ sơ một cửa mẫu với lịch sử xử lý (cho đo hiệu năng) / Generate one-stop dossiers with their histories (for benchmarks)")
        {
            dossiers, seed, years, until,
        };
        cli.SetAction(command, async (ctx, parsed, ct) =>
        {
            var count = ParseCount(parsed.GetValue(dossiers));
            var y = parsed.GetValue(years);
            if (y is < 1 or > 30)
                throw DomainValidationException.For("years", "range", $"--years: {y} nằm ngoài khoảng 1–30.", $"--years: {y} is outside 1–30.");
            DateOnly? last = null;
            if (parsed.GetValue(until) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    throw DomainValidationException.For("until", "format", $"--until: \"{text}\" không phải ngày dạng yyyy-MM-dd.", $"--until: \"{text}\" is not a yyyy-MM-dd date.");
                last = d;
            }
            await ctx.RequireMigratedAsync(ct);
            await using var scope = ctx.Scope();
            var generator = ActivatorUtilities.CreateInstance<DossierGenerator>(scope.ServiceProvider);
            ctx.Io.Status(CliIo.Say($"Đang tạo {count:N0} hồ sơ trong {ctx.DescribeDatabase()}…", $"Generating {count:N0} dossiers in {ctx.DescribeDatabase()}…"));
            var bar = new ProgressBar(ctx.Io.Err, Interactive(ctx.Io));
            var result = await generator.GenerateAsync(new GenerateOptions(count, parsed.GetValue(seed), y, last), new SyncProgress<GenerateProgress>(bar.Report), ct);
            bar.Done();
            var rate = result.Dossiers / Math.Max(0.001, result.Elapsed.TotalSeconds);
            ctx.Io.Line(
                $"Đã tạo {result.Dossiers:N0} hồ sơ ({result.Events:N0} bước lịch sử, {result.Parties:N0} cơ quan tham gia), nhận từ {result.From:dd/MM/yyyy} đến {result.Until:dd/MM/yyyy}, trong {result.Elapsed.TotalSeconds:0.0} giây ({rate:N0} hồ sơ/giây).",
                $"Generated {result.Dossiers:N0} dossiers ({result.Events:N0} history events, {result.Parties:N0} parties), received {result.From:yyyy-MM-dd} to {result.Until:yyyy-MM-dd}, in {result.Elapsed.TotalSeconds:0.0} s ({rate:N0} dossiers/s).");
            return ExitCodes.Ok;
        }, new Dictionary<string, string> { ["dossiers"] = "--dossiers", ["years"] = "--years", ["until"] = "--until" });
        return command;
    }

    /// <summary>A whole number, with optional thousands separators or a k/M suffix ("10M", "250k", "1,000,000").</summary>
    internal static int ParseCount(string? text)
    {
        var t = (text ?? "").Trim().Replace(",", "").Replace("_", "");
        long multiplier = 1;
        if (t.EndsWith('k') || t.EndsWith('K')) (t, multiplier) = (t[..^1], 1_000);
        else if (t.EndsWith('m') || t.EndsWith('M')) (t, multiplier) = (t[..^1], 1_000_000);
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n * multiplier > MaxDossiers)
            throw DomainValidationException.For("dossiers", "format",
                $"--dossiers: \"{text}\" không phải số nguyên từ 0 đến {MaxDossiers:N0}.", $"--dossiers: \"{text}\" is not a whole number from 0 to {MaxDossiers:N0}.");
        return (int)(n * multiplier);
    }

    private static bool Interactive(CliIo io) => ReferenceEquals(io.Err, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Rows per second and time left, redrawn in place on a terminal; a plain line every 10 s or 10 % otherwise (logs, CI).</summary>
    private sealed class ProgressBar(TextWriter error, bool interactive)
    {
        private DateTime _lastLine = DateTime.MinValue;
        private long _lastPercent = -1;
        private bool _open;

        public void Report(GenerateProgress p)
        {
            var percent = p.Total == 0 ? 100 : p.Dossiers * 100 / p.Total;
            var rate = p.Dossiers / Math.Max(0.001, p.Elapsed.TotalSeconds);
            var left = rate > 0 ? TimeSpan.FromSeconds((p.Total - p.Dossiers) / rate) : TimeSpan.Zero;
            var text = $"{p.Dossiers:N0}/{p.Total:N0} hồ sơ / dossiers ({percent}%), {p.Events:N0} events, {rate:N0}/s, "
                + $"{p.Elapsed:h\\:mm\\:ss} elapsed, ETA {left:h\\:mm\\:ss}";
            if (interactive)
            {
                var filled = (int)(percent * 30 / 100);
                error.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {text}  ");
                _open = true;
            }
            else if (DateTime.UtcNow - _lastLine > TimeSpan.FromSeconds(10) || percent / 10 > _lastPercent / 10 || p.Dossiers == p.Total)
            {
                error.WriteLine(text);
                (_lastLine, _lastPercent) = (DateTime.UtcNow, percent);
            }
            error.Flush();
        }

        public void Done()
        {
            if (_open) error.WriteLine();
            _open = false;
        }
    }
}
