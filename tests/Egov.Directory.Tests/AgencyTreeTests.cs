using Egov.Directory.Agencies;
using Egov.Directory.Demo;
using Egov.Directory.Units;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Directory.Tests;

/// <summary>The agency tree against each real database.</summary>
public class AgencyTreeTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Moving_an_agency_moves_its_subtree_and_the_scope_follows(DatabaseProvider provider)
    {
        await using var seeded = await SeededServices.StartAsync(provider);
        await using var scope = seeded.Scope();
        var agencies = scope.ServiceProvider.GetRequiredService<AgencyService>();
        var justice = (await agencies.FindByCodeAsync("000.00.03.H56"))!;
        var office = (await agencies.FindByCodeAsync("000.00.01.H56"))!;
        var unit = await agencies.CreateAsync(new AgencyInput("000.01.03.H56", "Phòng Hành chính tư pháp", null, AgencyKind.Other, justice.Id, null, null, null, null));
        var team = await agencies.CreateAsync(new AgencyInput("001.01.03.H56", "Tổ Hộ tịch", null, AgencyKind.Other, unit.Id, null, null, null, null));
        Assert.StartsWith(justice.Path, team.Path);

        var moved = await agencies.UpdateAsync(unit.Id, new AgencyInput(unit.Code, unit.Name, null, AgencyKind.Other, office.Id, null, null, null, null), unit.Version);
        Assert.StartsWith(office.Path, moved.Path);
        var teamAfter = await agencies.GetAsync(team.Id);
        Assert.StartsWith(moved.Path, teamAfter.Path);
        Assert.Equal(3, teamAfter.Depth);

        // A caller scoped to the old parent no longer sees the moved sub-tree.
        await using var scoped = seeded.Scope(new GrantedCaller(new CallerGrant(Roles.Specialist, justice.Id, justice.Path)));
        var asJustice = scoped.ServiceProvider.GetRequiredService<AgencyService>();
        await Assert.ThrowsAsync<Platform.Validation.NotFoundException>(() => asJustice.GetAsync(team.Id));

        // Moving under its own descendant is refused.
        var cycle = await Assert.ThrowsAsync<Platform.Validation.DomainValidationException>(() =>
            agencies.UpdateAsync(moved.Id, new AgencyInput(moved.Code, moved.Name, null, AgencyKind.Other, team.Id, null, null, null, null), null));
        Assert.Equal("parentId", cycle.Errors.All[0].Field);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_the_same_units_twice_changes_nothing(DatabaseProvider provider)
    {
        await using var seeded = await SeededServices.StartAsync(provider);
        await using var scope = seeded.Scope();
        var units = scope.ServiceProvider.GetRequiredService<AdministrativeUnitService>();
        await using var file = DemoProvince.OpenResource("vn-units-2026.json");
        var result = await units.ImportAsync(file);
        Assert.Equal((0, 0, 3355), (result.Added, result.Updated, result.Unchanged));
    }

}
