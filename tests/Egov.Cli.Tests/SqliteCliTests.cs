namespace Egov.Cli.Tests;

/// <summary>The whole tool against a temporary SQLite file, in-process.</summary>
public sealed class SqliteCliTests(SeededSqlite db) : IClassFixture<SeededSqlite>
{
    [Fact]
    public async Task Migrate_and_seed_say_what_they_did_and_are_idempotent()
    {
        db.Migrate.Succeeded();
        Assert.Contains("Đã áp dụng 15 bản cập nhật", db.Migrate.Out);
        Assert.Contains("Applied 15 migration", db.Migrate.Out);
        db.Seed.Succeeded();
        Assert.Contains("quantri", db.Seed.Out);
        Assert.Contains("Quản trị hệ thống", db.Seed.Out);
        Assert.True(File.Exists(db.AccountsFile));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db.AccountsFile));

        var again = await Cli.RunOnAsync(db.Connection, "migrate");
        again.Succeeded();
        Assert.Contains("mới nhất", again.Out);
        Assert.Contains("up to date", again.Out);

        var reseed = await Cli.RunOnAsync(db.Connection, "seed", "demo", "--accounts-file", db.AccountsFile);
        reseed.Succeeded();
        Assert.Contains("Dữ liệu mẫu đã có", reseed.Out);
        Assert.Contains("already seeded", reseed.Out);
    }

    [Fact]
    public async Task Backup_then_change_then_restore_brings_the_data_back_with_an_intact_audit_chain()
    {
        var backup = Path.Combine(db.Directory, "round-trip.db");
        var made = await Cli.RunOnAsync(db.Connection, "backup", backup);
        made.Succeeded();
        Assert.Contains("Đã sao lưu", made.Out);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
        Assert.False(File.Exists(backup + "-wal"));

        var refused = await Cli.RunOnAsync(db.Connection, "backup", backup);
        refused.Failed(1);
        Assert.Contains("--force", refused.Err);
        (await Cli.RunOnAsync(db.Connection, "backup", backup, "--force")).Succeeded();

        var disabled = await Cli.RunOnAsync(db.Connection, "users", "disable", "lanhdao");
        disabled.Succeeded();
        Assert.Contains("Đã khóa tài khoản \"lanhdao\"", disabled.Out);
        Assert.Contains("khóa/disabled", (await Cli.RunOnAsync(db.Connection, "users", "list", "--search", "lanhdao")).Out);

        var restored = await Cli.RunOnAsync(db.Connection, "restore", backup);
        restored.Succeeded();
        Assert.Contains("Đã khôi phục", restored.Out);

        var list = await Cli.RunOnAsync(db.Connection, "users", "list", "--search", "lanhdao");
        list.Succeeded();
        Assert.Contains("lanhdao", list.Out);
        Assert.Contains("hoạt động/active", list.Out);
        Assert.DoesNotContain("khóa/disabled", list.Out);

        var verify = await Cli.RunOnAsync(db.Connection, "audit", "verify");
        verify.Succeeded();
        Assert.Contains("Chuỗi nhật ký toàn vẹn:", verify.Out);
    }

    [Fact]
    public async Task A_tampered_audit_row_is_named_with_exit_code_3()
    {
        var copy = await db.CopyAsync("tampered.db");
        (await Cli.RunOnAsync(copy, "audit", "verify")).Succeeded();

        await SeededSqlite.ExecuteAsync(copy, "UPDATE audit_entries SET \"Details\" = 'x' WHERE \"Sequence\" = 5");
        var verify = await Cli.RunOnAsync(copy, "audit", "verify");
        verify.Failed(3);
        Assert.Contains("Nhật ký bị sửa đổi tại bản ghi #5:", verify.Out);
        Assert.Contains("entry #5", verify.Out);
    }

    [Fact]
    public async Task Restore_refuses_files_that_are_not_egov_backups()
    {
        var text = Path.Combine(db.Directory, "not-a-database.db");
        await File.WriteAllTextAsync(text, "hello");
        var notSqlite = await Cli.RunOnAsync(db.Connection, "restore", text);
        notSqlite.Failed(1);
        Assert.Contains("không phải cơ sở dữ liệu SQLite", notSqlite.Err);

        var foreign = Path.Combine(db.Directory, "foreign.db");
        await SeededSqlite.ExecuteAsync($"Data Source={foreign}", "CREATE TABLE t (x INTEGER)");
        var notOurs = await Cli.RunOnAsync(db.Connection, "restore", foreign);
        notOurs.Failed(1);
        Assert.Contains("__EFMigrationsHistory", notOurs.Err);

        var missing = await Cli.RunOnAsync(db.Connection, "restore", Path.Combine(db.Directory, "nowhere.db"));
        missing.Failed(1);
        missing.HasNoStackTrace();
    }

    [Fact]
    public async Task Import_of_a_malformed_file_fails_with_a_message_naming_the_problem()
    {
        var syntax = Path.Combine(db.Directory, "syntax.json");
        await File.WriteAllTextAsync(syntax, "[{\"Code\": \"01\",\n");
        var run = await Cli.RunOnAsync(db.Connection, "import", "units", syntax);
        run.Failed(1);
        run.HasNoStackTrace();
        Assert.Contains("Tệp không phải JSON hợp lệ", run.Err);

        var badCode = Path.Combine(db.Directory, "bad-code.json");
        await File.WriteAllTextAsync(badCode, "[{\"Code\": \"1\", \"Name\": \"X\", \"Wards\": []}]");
        run = await Cli.RunOnAsync(db.Connection, "import", "units", badCode);
        run.Failed(1);
        Assert.Contains("Mã \"1\" tại $[0] phải gồm 2 chữ số", run.Err);

        var missing = await Cli.RunOnAsync(db.Connection, "import", "units", Path.Combine(db.Directory, "missing.json"));
        missing.Failed(1);
        Assert.Contains("Không tìm thấy tệp", missing.Err);

        var directory = await Cli.RunOnAsync(db.Connection, "import", "units", db.Directory);
        directory.Failed(1);
        Assert.Contains("thư mục", directory.Err);
    }

    [Fact]
    public async Task Import_adds_then_leaves_units_unchanged_and_shows_progress()
    {
        var copy = await db.CopyAsync("import.db");
        var file = Path.Combine(db.Directory, "units.json");
        await File.WriteAllTextAsync(file, """
            [{"Code": "97", "Name": "Thử", "FullName": "Tỉnh Thử", "Wards": [
              {"Code": "99971", "Name": "An", "FullName": "Xã An"}, {"Code": "99972", "Name": "Bình", "FullName": "Phường Bình"}]}]
            """);
        var first = await Cli.RunOnAsync(copy, "import", "units", file);
        first.Succeeded();
        Assert.Contains("thêm 3, cập nhật 0, không đổi 0", first.Out);
        Assert.Contains("added 3, updated 0, unchanged 0", first.Out);
        Assert.Contains("100%", first.Err);

        var second = await Cli.RunOnAsync(copy, "import", "units", file);
        second.Succeeded();
        Assert.Contains("thêm 0, cập nhật 0, không đổi 3", second.Out);
    }

    [Fact]
    public async Task Users_add_names_the_offending_option()
    {
        var badRole = await Cli.RunOnAsync(db.Connection, "users", "add", "--username", "nv.a", "--name", "Nguyễn Văn A",
            "--role", "chief", "--agency", "000.00.00.H56");
        badRole.Failed(1);
        badRole.HasNoStackTrace();
        Assert.Contains("--role:", badRole.Err);
        Assert.Contains("\"chief\"", badRole.Err);

        var badAgency = await Cli.RunOnAsync(db.Connection, "users", "add", "--username", "nv.a", "--name", "Nguyễn Văn A",
            "--role", "specialist", "--agency", "000.99.99.H56");
        badAgency.Failed(1);
        Assert.Contains("--agency:", badAgency.Err);

        var duplicate = await Cli.RunOnAsync(db.Connection, "users", "add", "--username", "lanhdao", "--name", "Lê Văn B",
            "--role", "specialist", "--agency", "000.00.02.H56");
        duplicate.Failed(1);
        Assert.Contains("--username:", duplicate.Err);
    }

    [Fact]
    public async Task Users_add_list_disable_enable()
    {
        var added = await Cli.RunOnAsync(db.Connection, "users", "add", "--username", "chuyenvien.snv", "--name", "Trịnh Văn Khoa",
            "--role", "specialist", "--agency", "000.00.02.H56", "--email", "khoa@thanhhoa.gov.vn");
        added.Succeeded();
        Assert.Contains("Đã tạo tài khoản \"chuyenvien.snv\"", added.Out);
        Assert.Matches(@"Generated password \(shown once\): \S{16}", added.Out);

        var given = await Cli.RunOnAsync(db.Connection, "users", "add", "--username", "vanthu.snv", "--name", "Lý Thị Hoa",
            "--role", "clerk", "--agency", "000.00.02.H56", "--password", "mat-khau-2026");
        given.Succeeded();
        Assert.DoesNotContain("Generated password", given.Out);

        var list = await Cli.RunOnAsync(db.Connection, "users", "list", "--agency", "000.00.02.H56");
        list.Succeeded();
        Assert.Contains("chuyenvien.snv", list.Out);
        Assert.Contains("specialist@000.00.02.H56", list.Out);
        Assert.Contains("vanthu.snv", list.Out);
        Assert.DoesNotContain("lanhdao", list.Out);

        var folded = await Cli.RunOnAsync(db.Connection, "users", "list", "--search", "trinh van khoa");
        Assert.Contains("chuyenvien.snv", folded.Out);

        (await Cli.RunOnAsync(db.Connection, "users", "disable", "vanthu.snv")).Succeeded();
        var again = await Cli.RunOnAsync(db.Connection, "users", "disable", "vanthu.snv");
        again.Succeeded();
        Assert.Contains("already disabled", again.Out);
        var enabled = await Cli.RunOnAsync(db.Connection, "users", "enable", "vanthu.snv");
        enabled.Succeeded();
        Assert.Contains("Đã mở khóa", enabled.Out);

        var unknown = await Cli.RunOnAsync(db.Connection, "users", "disable", "nobody");
        unknown.Failed(1);
        Assert.Contains("Không tìm thấy tài khoản \"nobody\"", unknown.Err);
    }

    [Fact]
    public async Task Commands_on_a_database_that_does_not_exist_ask_for_migrate()
    {
        var missing = $"Data Source={Path.Combine(db.Directory, "never-created.db")}";
        foreach (string[] args in new[] { new[] { "users", "list" }, ["audit", "verify"], ["users", "disable", "x"] })
        {
            var run = await Cli.RunOnAsync(missing, args);
            run.Failed(1);
            Assert.Contains("egov migrate", run.Err);
        }
        Assert.False(File.Exists(Path.Combine(db.Directory, "never-created.db")));
        (await Cli.RunOnAsync(missing, "backup", Path.Combine(db.Directory, "x.db"))).Failed(1);
    }
}
