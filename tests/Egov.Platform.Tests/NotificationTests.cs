using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Notifications;
using Egov.Platform.Validation;
using Egov.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Platform.Tests;

/// <summary>In-app notices: idempotent by key, visible only to their recipients, marked read; on each database.</summary>
public class NotificationTests
{
    private const string CommuneA = "/root/district/a/";
    private const string CommuneB = "/root/district/b/";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_notice_reaches_only_its_recipients_once_and_is_marked_read(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var services = database.BuildServices();
        await (await database.MigratedScopeAsync(services)).DisposeAsync();
        NotificationService As(ICallerContext caller) => services.CreateScopeAs(caller).ServiceProvider.GetRequiredService<NotificationService>();
        var leaderA = new GrantedCaller(new CallerGrant(Roles.Leader, Guid.NewGuid(), CommuneA));
        var leaderB = new GrantedCaller(new CallerGrant(Roles.Leader, Guid.NewGuid(), CommuneB));
        var district = new GrantedCaller(new CallerGrant(Roles.Leader, Guid.NewGuid(), "/root/district/"));
        var specialistA = new GrantedCaller(new CallerGrant(Roles.Specialist, Guid.NewGuid(), CommuneA));

        var input = new NotificationInput("test:1", NotificationRecipient.RoleIn(Roles.Leader, CommuneA), "Hồ sơ X quá hạn", "Bước tiếp nhận đã quá hạn.", "/dossiers/X");
        var first = await As(new SystemCaller()).CreateAsync(input);
        var again = await As(new SystemCaller()).CreateAsync(input with { Title = "Khác" });
        Assert.Equal(first, again);
        var personal = await As(new SystemCaller()).CreateAsync(new NotificationInput("test:2", NotificationRecipient.User(specialistA.UserId!.Value), "Riêng", "Cho một người.", null));

        Assert.Equal(first.Id, Assert.Single((await As(leaderA).ListMineAsync()).Items).Id);
        Assert.Empty((await As(leaderB).ListMineAsync()).Items);      // a leader of another agency
        Assert.Empty((await As(district).ListMineAsync()).Items);     // nor the parent agency's leader
        Assert.Equal(personal.Id, Assert.Single((await As(specialistA).ListMineAsync()).Items).Id);
        await Assert.ThrowsAsync<NotFoundException>(() => As(leaderB).MarkReadAsync(first.Id));

        Assert.Equal(1, await As(leaderA).CountUnreadAsync());
        await As(leaderA).MarkReadAsync(first.Id);
        await As(leaderA).MarkReadAsync(first.Id);   // idempotent
        Assert.Equal(0, await As(leaderA).CountUnreadAsync());
        Assert.NotNull(Assert.Single((await As(leaderA).ListMineAsync()).Items).ReadAt);
        Assert.Empty((await As(leaderA).ListMineAsync(unreadOnly: true)).Items);

        var bad = await Assert.ThrowsAsync<DomainValidationException>(() => As(new SystemCaller()).CreateAsync(
            new NotificationInput(" ", new NotificationRecipient(Guid.NewGuid(), Roles.Leader, CommuneA), "", "x", "http://elsewhere")));
        Assert.Equal(["dedupeKey", "link", "recipient", "title"], bad.Errors.All.Select(e => e.Field).Order(StringComparer.Ordinal));
    }
}
