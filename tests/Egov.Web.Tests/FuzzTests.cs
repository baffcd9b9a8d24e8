using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Egov.OneStop;
using Egov.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Egov.Web.Tests;

/// <summary>
/// Hostile input over real HTTP: generated bodies (random bytes, truncated JSON, wrong types, nulls, 1–5 MB strings,
/// 10,000-deep nesting, duplicate keys, invalid UTF-8, out-of-range numbers, wrong or missing Content-Type, multipart
/// where JSON is expected and the other way round) to every endpoint that takes input, and hostile uploads (zip bombs,
/// polyglots, path traversal and control characters in names, wrong declared types, empty and oversized files).
/// Every answer must be below 500, a problem-details body on /api/, the host must still be healthy afterwards, no file may
/// appear outside the database, the SQLite file must pass integrity_check, the audit chain must verify and no dossier may
/// exist that a refused request created. Reproducible: EGOV_FUZZ_SEED (default fixed) and EGOV_FUZZ_ITERATIONS
/// (default 300; the full run is 20,000, see docs/operations.md "Hostile input").
/// </summary>
[Collection("sqlite")]
public sealed class FuzzTests(SqliteHost fixture, ITestOutputHelper output) : IClassFixture<SqliteHost>
{
    private const string Birth = "1.001193.000.00.00.H56";
    private const string Marriage = "1.000894.000.00.00.H56";
    private const string Marker = "egovfuzz";
    private EgovHost Host => fixture.Host;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("EGOV_FUZZ_SEED"), out var s) ? s : 20261124;
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("EGOV_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 300;

    private enum Target { Receive, SubmitOnline, Act, Draft, DraftFiles, DraftReuse, DraftDelivery, ImportProcedures, ImportUnits,
        RegisterCitizen, RegisterBusiness, Login, ClientToken, Lookup }

    /// <summary>The endpoints' valid-looking bodies, the starting points of mutation.</summary>
    private sealed record Context(HttpClient Officer, HttpClient Citizen, HttpClient Admin, HttpClient Anonymous, Guid Commune, string Code, string DraftId);

    private sealed record Outcome(int Status, string? MediaType, string Body);

    [Fact]
    public async Task Hostile_input_answers_4xx_keeps_the_host_up_and_the_database_consistent()
    {
        var seed = Seed;
        var iterations = Iterations;
        var started = DateTime.UtcNow;
        var random = new Random(seed);
        var passwd = new FileInfo("/etc/passwd") is { Exists: true } p ? (p.Length, p.LastWriteTimeUtc) : default;
        var officer = await Host.SignedInAsync("motcua.xa1");
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var admin = await Host.SignedInAsync("quantri");
        var commune = (await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK)).GetProperty("id").GetGuid();
        var code = (await (await officer.PostAsJsonAsync("/api/v1/dossiers", new
        {
            procedureCode = Birth, receivingAgencyId = commune, applicantName = "Phạm Văn Fuzz", applicantIdNumber = "038095001234", receivedDocuments = new[] { 0 },
        })).Json(HttpStatusCode.Created)).GetProperty("code").GetString()!;
        var draftId = (await (await citizen.PostAsJsonAsync("/api/v1/drafts", new
        {
            procedureCode = Marriage, applicant = new { name = "Nguyễn Thị An", phone = "0912345678" },
        })).Json(HttpStatusCode.OK)).GetProperty("id").GetString()!;
        var context = new Context(officer, citizen, admin, Host.Anonymous(), commune, code, draftId);

        var dossiersBefore = await DossierCountAsync();
        var created = 0;
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < iterations; i++)
        {
            var target = (Target)random.Next(Enum.GetValues<Target>().Length);
            var (method, url, client) = Route(target, context, random);
            var upload = target is Target.DraftFiles || (target is Target.Receive or Target.SubmitOnline or Target.Act && random.Next(3) == 0);
            var (kind, content, malformed) = upload ? Uploaded(target, context, random) : Body(target, context, random);
            using var request = new HttpRequestMessage(method, url) { Content = content };
            var size = content?.Headers.ContentLength ?? 0;
            Outcome outcome;
            try
            {
                using var response = await client.SendAsync(request);
                outcome = new((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException e) when (size > 8 * 1024 * 1024)
            {
                // Kestrel may stop reading an oversized body and close the connection before the client has sent it all.
                outcome = new(0, null, e.Message);
            }
            catch (Exception e)
            {
                failures.Add($"#{i} {target} {kind}: {e.GetType().Name} {e.Message}");
                continue;
            }
            statuses[outcome.Status] = statuses.GetValueOrDefault(outcome.Status) + 1;
            var what = $"#{i} {method} {url} [{kind}, {content?.Headers.ContentType}, {size} bytes] → {outcome.Status}";
            if (outcome.Status >= 500)
                failures.Add($"{what}: {Excerpt(outcome.Body)}");
            else if (outcome.Status >= 400 && target != Target.ClientToken && outcome.MediaType != "application/problem+json")
                failures.Add($"{what}: not problem details ({outcome.MediaType}) {Excerpt(outcome.Body)}");
            else if (malformed && target != Target.Lookup && outcome.Status is >= 200 and < 300)
                failures.Add($"{what}: malformed input was accepted {Excerpt(outcome.Body)}");
            if (target is Target.Receive or Target.SubmitOnline && outcome.Status == 201) created++;
        }
        output.WriteLine($"seed {seed}, {iterations} requests in {(DateTime.UtcNow - started).TotalSeconds:0.0} s; statuses: "
            + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")) + $"; dossiers created {created}");

        // The host is still up and healthy.
        var health = await Host.Anonymous().GetAsync("/health");
        if (health.StatusCode != HttpStatusCode.OK) failures.Add($"/health answered {(int)health.StatusCode} after the run");
        // Nothing was written where a hostile file name pointed.
        foreach (var folder in new[] { Path.GetTempPath(), Host.Database.Folder, AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory(), "/etc" }.Distinct())
        {
            if (!System.IO.Directory.Exists(folder)) continue;
            var depth = folder == Path.GetTempPath() || folder == "/etc" ? SearchOption.TopDirectoryOnly : SearchOption.AllDirectories;
            foreach (var file in SafeFiles(folder, depth).Where(f => f.Name.Contains(Marker, StringComparison.OrdinalIgnoreCase)
                         || (f.Name is "passwd" or "x" or "boot.ini" && f.LastWriteTimeUtc >= started && f.FullName != "/etc/passwd")))
                failures.Add($"a file appeared outside the database: {file.FullName}");
        }
        if (new FileInfo("/etc/passwd") is { Exists: true } after && (after.Length, after.LastWriteTimeUtc) != passwd)
            failures.Add("/etc/passwd changed during the run");
        // The database is consistent: SQLite's own check, the audit chain, and no dossier from a refused request.
        await using (var connection = new SqliteConnection(Host.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            var integrity = (string?)await check.ExecuteScalarAsync();
            if (integrity != "ok") failures.Add($"PRAGMA integrity_check: {integrity}");
            check.CommandText = "PRAGMA foreign_key_check";
            await using var reader = await check.ExecuteReaderAsync();
            if (await reader.ReadAsync()) failures.Add($"PRAGMA foreign_key_check: a row of {reader.GetString(0)} points nowhere");
        }
        var audit = await (await admin.GetAsync("/api/v1/audit/verify")).Json(HttpStatusCode.OK);
        if (audit.GetProperty("firstBadSequence").ValueKind != JsonValueKind.Null)
            failures.Add($"the audit chain does not verify: {audit}");
        var dossiersAfter = await DossierCountAsync();
        if (dossiersAfter != dossiersBefore + created)
            failures.Add($"dossiers: {dossiersBefore} before, {created} created by accepted requests, {dossiersAfter} after");

        Assert.True(failures.Count == 0,
            $"Fuzz failures with EGOV_FUZZ_SEED={seed} EGOV_FUZZ_ITERATIONS={iterations} ({failures.Count}):\n" + string.Join("\n", failures.Take(30)));
    }

    private Task<int> DossierCountAsync() => Host.InScopeAsync(sp => sp.GetRequiredService<EgovDbContext>().Set<Dossier>().CountAsync());

    private static IEnumerable<FileInfo> SafeFiles(string folder, SearchOption depth)
    {
        try { return new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = depth == SearchOption.AllDirectories, IgnoreInaccessible = true }).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] + "…" : body;

    private static (HttpMethod, string, HttpClient) Route(Target target, Context c, Random r) => target switch
    {
        Target.Receive => (HttpMethod.Post, "/api/v1/dossiers", c.Officer),
        Target.SubmitOnline => (HttpMethod.Post, "/api/v1/dossiers/online", c.Citizen),
        Target.Act => (HttpMethod.Post, $"/api/v1/dossiers/{c.Code}/actions/{Pick(r, "chuyen_tham_dinh", "yeu_cau_bo_sung", "tra_ket_qua", "gia_han", "huy", "x\u202Ey", "%2e%2e")}", c.Officer),
        Target.Draft => (HttpMethod.Post, "/api/v1/drafts", c.Citizen),
        Target.DraftFiles => (HttpMethod.Post, $"/api/v1/drafts/{c.DraftId}/files", c.Citizen),
        Target.DraftReuse => (HttpMethod.Post, $"/api/v1/drafts/{c.DraftId}/files/reuse", c.Citizen),
        Target.DraftDelivery => (HttpMethod.Put, $"/api/v1/drafts/{c.DraftId}/delivery", c.Citizen),
        Target.ImportProcedures => (HttpMethod.Post, "/api/v1/procedures/import", c.Admin),
        Target.ImportUnits => (HttpMethod.Post, "/api/v1/admin-units/import", c.Admin),
        Target.RegisterCitizen => (HttpMethod.Post, "/api/v1/accounts/citizens", c.Anonymous),
        Target.RegisterBusiness => (HttpMethod.Post, "/api/v1/accounts/businesses", c.Anonymous),
        Target.Login => (HttpMethod.Post, "/api/v1/auth/login", c.Anonymous),
        Target.ClientToken => (HttpMethod.Post, "/api/v1/auth/token", c.Anonymous),
        _ => (HttpMethod.Get, $"/api/v1/lookup/{Uri.EscapeDataString(Pick(r, c.Code, "../../etc/passwd", new string('9', 3000), "%00", "\u202E", "' OR 1=1 --"))}"
                + $"?secondFactor={Uri.EscapeDataString(Pick(r, "1234", "", new string('x', 5000), "\0"))}", c.Anonymous),
    };

    /// <summary>A plausible body for the target, as a JSON tree to mutate.</summary>
    private static Dictionary<string, object?> Valid(Target target, Context c, Random r) => target switch
    {
        Target.Receive or Target.SubmitOnline => new()
        {
            ["procedureCode"] = Birth, ["receivingAgencyId"] = c.Commune, ["applicantName"] = "Lê Thị Fuzz",
            ["applicantIdNumber"] = target == Target.SubmitOnline ? Egov.Hosting.DemoSeeder.DemoCitizenId : "038095001234",
            ["applicantPhone"] = "0912345678", ["receivedDocuments"] = new[] { 0 },
            ["idempotencyKey"] = Guid.NewGuid().ToString(),
        },
        Target.Act => new() { ["comment"] = "ý kiến", ["version"] = r.Next(1, 5), ["rating"] = 3, ["agrees"] = true, ["newAppointmentAt"] = "2030-01-01T00:00:00Z" },
        Target.Draft => new() { ["procedureCode"] = Marriage, ["applicant"] = new Dictionary<string, object?> { ["name"] = "An", ["phone"] = "0912345678", ["email"] = "a@b.vn" } },
        Target.DraftReuse => new() { ["documentIndex"] = 0, ["storedId"] = Guid.NewGuid() },
        Target.DraftDelivery => new()
        {
            ["receivingAgencyId"] = c.Commune, ["returnChannel"] = "Post", ["postalRecipientName"] = "Lê Thị Fuzz", ["postalPhone"] = "0912345678",
            ["postalLine"] = "12 Lê Lợi", ["postalProvinceCode"] = "38", ["postalCommune"] = "Hàm Rồng",
        },
        Target.ImportProcedures => new() { ["procedures"] = new object[] { new Dictionary<string, object?> { ["code"] = "FUZZ.1", ["name"] = "x", ["version"] = 1 } } },
        Target.ImportUnits => new() { ["units"] = new object[] { new Dictionary<string, object?> { ["code"] = "99999", ["name"] = "x", ["level"] = 3 } } },
        Target.RegisterCitizen => new() { ["fullName"] = "Trần Fuzz", ["citizenId"] = "0380950" + r.Next(10000, 99999), ["phone"] = "0912345678", ["email"] = $"f{r.Next()}@example.vn", ["password"] = "Mật-khẩu-dài-123" },
        Target.RegisterBusiness => new() { ["businessName"] = "Công ty Fuzz", ["taxCode"] = "0101" + r.Next(100000, 999999), ["phone"] = "0912345678", ["email"] = $"b{r.Next()}@example.vn", ["password"] = "Mật-khẩu-dài-123" },
        Target.Login => new() { ["userName"] = "motcua.xa1", ["password"] = "wrong-" + r.Next(), ["otp"] = "123456" },
        _ => new() { ["grant_type"] = "client_credentials", ["client_id"] = "x", ["client_secret"] = "y" },
    };

    private static readonly string[] Kinds =
    [
        "random-bytes", "truncated-json", "wrong-types", "nulls", "huge-string", "deep-array", "deep-object", "duplicate-keys",
        "invalid-utf8", "numbers-out-of-range", "wrong-content-type", "no-content-type", "multipart-for-json", "form-urlencoded", "valid",
    ];

    /// <summary>A generated body; <c>malformed</c> when no endpoint may accept it.</summary>
    private static (string Kind, HttpContent? Content, bool Malformed) Body(Target target, Context c, Random r)
    {
        var kind = Kinds[r.Next(Kinds.Length)];
        // Huge bodies are few, so that the default run stays fast.
        if (kind == "huge-string" && r.Next(4) != 0) kind = "nulls";
        var valid = Valid(target, c, r);
        var json = JsonSerializer.SerializeToUtf8Bytes(valid);
        switch (kind)
        {
            case "random-bytes":
            {
                var bytes = new byte[r.Next(1, 4096)];
                r.NextBytes(bytes);
                if (bytes[0] is (byte)'{' or (byte)'[' or (byte)'"' or (byte)'-' or >= (byte)'0' and <= (byte)'9' or (byte)' ' or (byte)'t' or (byte)'f' or (byte)'n') bytes[0] = 0xFE;
                return (kind, Json(bytes), true);
            }
            case "truncated-json":
                return (kind, Json(json[..r.Next(1, json.Length - 1)]), true);
            case "wrong-types":
            {
                var key = valid.Keys.ElementAt(r.Next(valid.Count));
                valid[key] = Pick<object?>(r, 12345, true, new[] { 1, 2 }, new Dictionary<string, object?> { ["a"] = 1 }, "not-a-guid", -1, 1.5, "2030-13-45");
                return (kind, Json(JsonSerializer.SerializeToUtf8Bytes(valid)), false);
            }
            case "nulls":
                return (kind, Json(JsonSerializer.SerializeToUtf8Bytes(valid.ToDictionary(p => p.Key, _ => (object?)null))), false);
            case "huge-string":
            {
                var key = valid.Keys.ElementAt(r.Next(valid.Count));
                valid[key] = new string("aĐ<"[r.Next(3)], r.Next(1, 5) * 1024 * 1024);
                return (kind, Json(JsonSerializer.SerializeToUtf8Bytes(valid)), false);
            }
            case "deep-array":
                return (kind, Json(Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000))), true);
            case "deep-object":
            {
                var deep = new StringBuilder("{\"procedureCode\":");
                for (var i = 0; i < 10_000; i++) deep.Append("{\"a\":");
                deep.Append('1').Append('}', 10_001);
                return (kind, Json(Encoding.UTF8.GetBytes(deep.ToString())), true);
            }
            case "duplicate-keys":
            {
                var text = Encoding.UTF8.GetString(json);
                var key = valid.Keys.First();
                return (kind, Json(Encoding.UTF8.GetBytes(text.TrimEnd('}') + $",\"{key}\":\"dup\",\"{key}\":null}}")), false);
            }
            case "invalid-utf8":
            {
                var bytes = Encoding.UTF8.GetBytes("{\"" + valid.Keys.First() + "\":\"ab").Concat(Pick(r, new byte[] { 0xC3, 0x28 }, [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]))
                    .Concat("\"}"u8.ToArray()).ToArray();
                return (kind, Json(bytes), true);
            }
            case "numbers-out-of-range":
            {
                var key = valid.Keys.ElementAt(r.Next(valid.Count));
                var text = Encoding.UTF8.GetString(json).TrimEnd('}') + $",\"{key}\":{Pick(r, "1e400", "-1e400", "99999999999999999999999999999", "2147483648", "-2147483649", "NaN", "0x10", "1.7976931348623157e309")}}}";
                return (kind, Json(Encoding.UTF8.GetBytes(text)), false);
            }
            case "wrong-content-type":
            {
                var content = new ByteArrayContent(json);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(Pick(r, "text/plain", "application/xml", "image/png", "application/json; charset=utf-32", "multipart/form-data", "multipart/form-data; boundary=\"\"", "application/x-www-form-urlencoded", "*/*", "application/json; charset=\"x\""));
                return (kind, content, false);
            }
            case "no-content-type":
                return (kind, new ByteArrayContent(json), false);
            case "multipart-for-json":
                return (kind, new MultipartFormDataContent { { new ByteArrayContent(json), Pick(r, "dossier", "input", "file", "x") }, { new StringContent("x"), "y" } }, false);
            case "form-urlencoded":
                return (kind, new FormUrlEncodedContent(valid.Select(p => new KeyValuePair<string, string>(p.Key, p.Value?.ToString() ?? ""))), false);
            default:
                return (kind, target == Target.ClientToken
                    ? new FormUrlEncodedContent(valid.Select(p => new KeyValuePair<string, string>(p.Key, p.Value?.ToString() ?? "")))
                    : Json(json), false);
        }
    }

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static readonly string[] HostileNames =
    [
        "../../etc/passwd", "..\\..\\x", "/etc/passwd", "C:\\Windows\\boot.ini", $"../../../../../tmp/{Marker}.pdf", $"..%2F..%2F{Marker}.pdf",
        $"{Marker}\0.pdf", "\0", new string('a', 10_000) + ".pdf", $"{Marker}\u202Efdp.exe", "\u202E\u202D\u200F.pdf", "CON", "   ", ".",
        "..", "~/.ssh/authorized_keys", $"\\\\server\\share\\{Marker}.pdf", "a\r\nContent-Type: text/html.pdf", "<script>alert(1)</script>.pdf", "tờ-khai.pdf",
    ];

    /// <summary>A multipart upload of hostile files, or a non-multipart body where files are expected.</summary>
    private static (string Kind, HttpContent? Content, bool Malformed) Uploaded(Target target, Context c, Random r)
    {
        if (target == Target.DraftFiles && r.Next(6) == 0)
            return ("json-for-multipart", Json(JsonSerializer.SerializeToUtf8Bytes(new { files = new[] { "x" } })), true);
        var form = new MultipartFormDataContent();
        if (target is Target.Receive or Target.SubmitOnline)
            form.Add(new StringContent(JsonSerializer.Serialize(Valid(target, c, r))), "dossier");
        else if (target == Target.Act && r.Next(2) == 0)
            form.Add(new StringContent(JsonSerializer.Serialize(new { comment = "kèm tệp" })), "input");
        var kinds = new List<string>();
        var refused = false;
        for (var n = r.Next(1, 4); n > 0; n--)
        {
            var (kind, bytes) = HostileFile(r);
            var name = HostileNames[r.Next(HostileNames.Length)];
            kinds.Add($"{kind} as \"{Printable(name)}\"");
            // Only a PDF (the polyglot starting with %PDF- is one, judged by its content) may be kept; anything else refuses the request.
            // A line break or NUL in the name spoils the part's header: the form reader then takes no file from it.
            refused |= kind is not ("pdf" or "pdf+zip+html polyglot") && name.IndexOfAny(['\n', '\0']) < 0;
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(Pick(r, "application/pdf", "image/png", "text/html", "application/x-msdownload", "application/octet-stream", "application/zip"));
            // The raw header, so that control characters and traversal reach the server as sent.
            part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{Pick(r, "document-0", "document-1", "document-999", "files", "document--1", "document-99999999999")}\"; filename=\"{name.Replace("\"", "")}\"");
            form.Add(part);
        }
        return ("upload:" + string.Join("+", kinds), form, refused);
    }

    private static string Printable(string name)
    {
        var escaped = string.Concat(name.Take(40).Select(ch => char.IsControl(ch) || char.IsSurrogate(ch) || ch > 0x7E ? $"\\u{(int)ch:X4}" : ch.ToString()));
        return name.Length > 40 ? escaped + $"…({name.Length} chars)" : escaped;
    }

    private static (string Kind, byte[] Bytes) HostileFile(Random r) => r.Next(12) switch
    {
        0 => ("zip-bomb-docx", ZipBomb.Value.Docx),
        1 => ("zip-bomb-xlsx", ZipBomb.Value.Xlsx),
        2 => ("zip-many-entries", ZipBomb.Value.Many),
        3 => ("pdf+zip+html polyglot", [.. "%PDF-1.4\n"u8, .. ZipBomb.Value.Docx[..Math.Min(4096, ZipBomb.Value.Docx.Length)], .. "<html><script>alert(document.cookie)</script></html>%%EOF"u8]),
        4 => ("zip+pdf polyglot", [.. "PK\u0003\u0004"u8, .. "%PDF-1.4\n<script>alert(1)</script>"u8]),
        5 => ("html", "<!DOCTYPE html><script>fetch('/api/v1/me')</script>"u8.ToArray()),
        6 => ("empty", []),
        7 => ("oversized", Oversized.Value),
        8 => ("exe-named-pdf", [.. "MZ\u0090\u0000"u8, .. new byte[2048]]),
        9 => ("truncated-zip", ZipBomb.Value.Docx[..Math.Min(100, ZipBomb.Value.Docx.Length)]),
        10 => ("pdf", "%PDF-1.4\n%%EOF"u8.ToArray()),
        _ => ("random", RandomBytes(r, r.Next(1, 8192))),
    };

    private static byte[] RandomBytes(Random r, int length)
    {
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }

    private static readonly Lazy<byte[]> Oversized = new(() => new byte[11 * 1024 * 1024]);

    /// <summary>Small zips that inflate hugely: an OOXML-looking package with a 1 GiB part, and one with 20,000 entries.</summary>
    private static readonly Lazy<(byte[] Docx, byte[] Xlsx, byte[] Many)> ZipBomb = new(() =>
    {
        static byte[] Package(string part)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                using (var types = zip.CreateEntry("[Content_Types].xml").Open()) types.Write("<Types/>"u8);
                using var bomb = zip.CreateEntry(part, CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 1024; i++) bomb.Write(zeros);
            }
            return buffer.ToArray();
        }
        using var many = new MemoryStream();
        using (var zip = new ZipArchive(many, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml");
            for (var i = 0; i < 20_000; i++) zip.CreateEntry($"word/{i}.xml", CompressionLevel.NoCompression);
        }
        return (Package("word/document.xml"), Package("xl/workbook.xml"), many.ToArray());
    });

    private static T Pick<T>(Random r, params T[] choices) => choices[r.Next(choices.Length)];
}
