namespace Egov.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("users")]
    [InlineData("users", "add", "--username", "a", "--name", "A", "--agency", "000.00.00.H56")]
    [InlineData("import", "units")]
    [InlineData("migrate", "--provider", "oracle")]
    [InlineData("backup")]
    public async Task Usage_errors_exit_with_2_and_point_to_help(params string[] args)
    {
        var run = await Cli.RunAsync(args);
        run.Failed(2);
        Assert.Contains("Usage error", run.Err);
        Assert.Contains("--help", run.Err);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("migrate", "--help")]
    [InlineData("seed", "demo", "--help")]
    [InlineData("import", "units", "--help")]
    [InlineData("users", "add", "--help")]
    [InlineData("users", "list", "--help")]
    [InlineData("users", "disable", "--help")]
    [InlineData("users", "enable", "--help")]
    [InlineData("backup", "--help")]
    [InlineData("restore", "--help")]
    [InlineData("audit", "verify", "--help")]
    public async Task Every_verb_has_help(params string[] args)
    {
        var run = await Cli.RunAsync(args);
        run.Succeeded();
        Assert.Contains("Usage:", run.Out);
        Assert.Contains(" / ", run.Out);
    }

    [Fact]
    public async Task Root_help_lists_every_verb()
    {
        var run = await Cli.RunAsync("--help");
        foreach (var verb in new[] { "migrate", "seed", "import", "users", "backup", "restore", "audit" })
            Assert.Contains(verb, run.Out);
        Assert.Contains("egov", run.Out);
    }
}
