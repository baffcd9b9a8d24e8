using Egov.Cli.Commands;

namespace Egov.Cli.Tests;

public sealed class PostgresToolsTests : IDisposable
{
    private readonly string _dir = Cli.NewTempDirectory();

    public void Dispose() => Cli.DeleteDirectory(_dir);

    [Fact]
    public void Missing_tools_give_a_clear_error()
    {
        var e = Assert.Throws<CliException>(() => PostgresBackup.FindTool("pg_dump", _dir, Path.Combine(_dir, "none")));
        Assert.Contains("postgresql-client", e.MessageVi);
        Assert.Contains("pg_dump was not found on PATH", e.Message);
    }

    [Fact]
    public void Path_wins_then_the_newest_version_under_usr_lib_postgresql()
    {
        var root = Path.Combine(_dir, "postgresql");
        foreach (var version in new[] { "9.6", "15", "17" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(root, version, "bin"));
            File.WriteAllText(Path.Combine(root, version, "bin", "pg_restore"), "");
        }
        Assert.Equal(Path.Combine(root, "17", "bin", "pg_restore"), PostgresBackup.FindTool("pg_restore", "", root));

        var onPath = Path.Combine(_dir, "bin");
        System.IO.Directory.CreateDirectory(onPath);
        File.WriteAllText(Path.Combine(onPath, "pg_restore"), "");
        Assert.Equal(Path.Combine(onPath, "pg_restore"), PostgresBackup.FindTool("pg_restore", $"/nonexistent{Path.PathSeparator}{onPath}", root));
    }
}
