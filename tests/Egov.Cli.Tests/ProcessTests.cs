namespace Egov.Cli.Tests;

/// <summary>The built tool as a process: configuration from the current directory and the environment.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly string _dir = Cli.NewTempDirectory();

    public void Dispose() => Cli.DeleteDirectory(_dir);

    [Fact]
    public async Task Help_and_usage_errors_as_a_process()
    {
        var help = await Cli.RunProcessAsync(_dir, null, "--help");
        help.Succeeded();
        Assert.Contains("migrate", help.Out);
        (await Cli.RunProcessAsync(_dir, null, "nonsense")).Failed(2);
    }

    [Fact]
    public async Task Default_database_is_data_egov_db_in_the_current_directory()
    {
        var run = await Cli.RunProcessAsync(_dir, null, "migrate");
        run.Succeeded();
        Assert.True(File.Exists(Path.Combine(_dir, "data", "egov.db")), run.ToString());
    }

    [Fact]
    public async Task Appsettings_then_environment_then_options()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "appsettings.json"),
            """{ "Database": { "Provider": "Sqlite", "ConnectionString": "Data Source=from-settings.db" } }""");
        (await Cli.RunProcessAsync(_dir, null, "migrate")).Succeeded();
        Assert.True(File.Exists(Path.Combine(_dir, "from-settings.db")));

        var env = new Dictionary<string, string> { ["Database__ConnectionString"] = "Data Source=from-env.db" };
        (await Cli.RunProcessAsync(_dir, env, "migrate")).Succeeded();
        Assert.True(File.Exists(Path.Combine(_dir, "from-env.db")));

        (await Cli.RunProcessAsync(_dir, env, "migrate", "--connection", "Data Source=from-option.db")).Succeeded();
        Assert.True(File.Exists(Path.Combine(_dir, "from-option.db")));
        Assert.False(File.Exists(Path.Combine(_dir, "data", "egov.db")));
    }

    [Fact]
    public async Task A_bad_provider_in_the_environment_is_a_one_line_error()
    {
        var run = await Cli.RunProcessAsync(_dir, new Dictionary<string, string> { ["Database__Provider"] = "Oracle" }, "migrate");
        run.Failed(1);
        run.HasNoStackTrace();
        Assert.Contains("Oracle", run.Err);
    }
}
