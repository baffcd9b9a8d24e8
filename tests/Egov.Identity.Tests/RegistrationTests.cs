using Egov.Identity;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Egov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Identity.Tests;

public class RegistrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refused_registration_writes_nothing_and_reports_every_field(DatabaseProvider provider)
    {
        await using var seeded = await SeededServices.StartAsync(provider);
        await using var scope = seeded.Scope();
        var ctx = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var users = await ctx.Set<EgovUser>().CountAsync();
        var roles = await ctx.Set<RoleAssignment>().CountAsync();

        var e = await Assert.ThrowsAsync<DomainValidationException>(() => accounts.RegisterCitizenAsync(
            new CitizenRegistration(new string('A', 201), "038095001234", "0900", "x@", "short")));
        var fields = e.Errors.All.Select(x => x.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "fullName", "citizenId", "phone", "email", "password" }, fields);
        Assert.Contains(e.Errors.All, x => x.Field == "citizenId" && x.Code == "duplicate"); // the demo citizen holds it
        Assert.Equal(users, await ctx.Set<EgovUser>().CountAsync());
        Assert.Equal(roles, await ctx.Set<RoleAssignment>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Disabling_an_account_locks_it_and_changes_its_stamp(DatabaseProvider provider)
    {
        await using var seeded = await SeededServices.StartAsync(provider);
        await using var scope = seeded.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var ctx = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
        var user = await ctx.Set<EgovUser>().AsNoTracking().FirstAsync(u => u.UserName == "motcua.xa1");
        await accounts.SetDisabledAsync(user.Id, true);
        var after = await ctx.Set<EgovUser>().AsNoTracking().FirstAsync(u => u.Id == user.Id);
        Assert.True(after.IsDisabled);
        Assert.Equal(DateTimeOffset.MaxValue, after.LockoutEnd);
        Assert.NotEqual(user.SecurityStamp, after.SecurityStamp);
    }

    [Fact]
    public void Generated_passwords_meet_the_policy()
    {
        for (var i = 0; i < 200; i++)
        {
            var p = AccountService.GeneratePassword();
            Assert.Equal(16, p.Length);
            Assert.Contains(p, char.IsAsciiDigit);
            Assert.Contains(p, char.IsAsciiLetterLower);
        }
    }
}
