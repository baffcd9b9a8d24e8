using System.Text;
using System.Text.Json;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Egov.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Procedures.Tests;

/// <summary>Import, versioning and export against each real database.</summary>
public class CatalogueTests
{
    private static MemoryStream Json(object value) => new(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, ProcedureDefinition.Json)));
    private static MemoryStream Text(string value) => new(Encoding.UTF8.GetBytes(value));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Imports_version_and_export_round_trip(DatabaseProvider provider)
    {
        await using var seeded = await SeededServices.StartAsync(provider);
        await using var scope = seeded.Scope();
        var procedures = scope.ServiceProvider.GetRequiredService<ProcedureService>();
        var a = Sample.BirthRegistration("1.999001.000.00.00.H56");
        var b = Sample.BirthRegistration("1.999002.000.00.00.H56") with { Name = "Đăng ký lại khai sinh" };

        Assert.Equal(new ProcedureImportResult(2, 0, 0), await procedures.ImportAsync(Json(new { procedures = new[] { a, b } })));
        Assert.Equal(new ProcedureImportResult(0, 0, 2), await procedures.ImportAsync(Json(new[] { a, b })));
        Assert.Equal(new ProcedureImportResult(0, 1, 0), await procedures.ImportAsync(Json(a with { ProcessingTime = new(2, Calendar.TimeUnit.WorkingDays) })));

        var current = await procedures.GetAsync(a.Code);
        Assert.Equal(2, current.Summary.Version);
        Assert.Equal(16, current.Summary.ProcessingHours);
        Assert.Equal(1, (await procedures.GetAsync(a.Code, 1)).Definition.ProcessingTime.Value); // a running dossier keeps version 1

        var found = await procedures.ListAsync(new ProcedureQuery("khai sinh dang ky lai"));
        Assert.Equal(b.Code, Assert.Single(found.Items, i => i.Code.StartsWith("1.9990")).Code);

        var export = await procedures.ExportAsync(a.Code);
        var reimported = await ProcedureService.ParseAsync(Text(export));
        Assert.Equal(JsonSerializer.Serialize(current.Definition, ProcedureDefinition.Json), JsonSerializer.Serialize(reimported.Single(), ProcedureDefinition.Json));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_with_one_bad_procedure_writes_nothing(DatabaseProvider provider)
    {
        await using var seeded = await SeededServices.StartAsync(provider);
        await using var scope = seeded.Scope();
        var procedures = scope.ServiceProvider.GetRequiredService<ProcedureService>();
        var good = Sample.BirthRegistration("1.999003.000.00.00.H56");
        var bad = Sample.BirthRegistration("1.999004.000.00.00.H56") with { Field = "NOPE" };
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => procedures.ImportAsync(Json(new { procedures = new[] { good, bad, good } })));
        Assert.Contains(e.Errors.All, x => x.Field == "procedures[1].field");
        Assert.Contains(e.Errors.All, x => x.Field == "procedures[2].code" && x.Code == "duplicate");
        await Assert.ThrowsAsync<NotFoundException>(() => procedures.GetAsync(good.Code));
    }

    [Theory]
    [InlineData("{\"procedures\": [{\"code\": 5}]}", "procedures[0].code")]
    [InlineData("{\"procedures\": [{\"code\": \"1.999005.000.00.00.H56\", \"name\": \"X\"}]}", "procedures[0]")]
    [InlineData("{\"procedures\": [], \"extra\": 1}", "extra")]
    [InlineData("[1, 2]", "[0]")]
    [InlineData("{\"procedures\": [", "$")]
    [InlineData("\"text\"", "$")]
    public async Task Malformed_files_name_the_place(string json, string where)
    {
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => ProcedureService.ParseAsync(Text(json)));
        Assert.StartsWith(where, e.Errors.All[0].Field);
    }

    [Fact]
    public async Task Only_system_administrators_import()
    {
        await using var seeded = await SeededServices.StartAsync(DatabaseProvider.Sqlite);
        await using var scope = seeded.Scope(new GrantedCaller(new CallerGrant(Roles.AgencyAdmin, Guid.NewGuid(), "/x/")));
        var procedures = scope.ServiceProvider.GetRequiredService<ProcedureService>();
        await Assert.ThrowsAsync<ForbiddenException>(() => procedures.ImportAsync(Json(Sample.BirthRegistration())));
    }

}

/// <summary>The demo province's catalogue (Seed/procedures.json) passes every rule and is seeded with the demo.</summary>
public class SeedCatalogueTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task At_least_40_procedures_of_both_levels_are_seeded(DatabaseProvider provider)
    {
        await using var seeded = await SeededServices.StartAsync(provider);
        await using var scope = seeded.Scope();
        var procedures = scope.ServiceProvider.GetRequiredService<ProcedureService>();
        var all = await procedures.ListAsync(new ProcedureQuery(PageSize: 200));
        Assert.True(all.Total >= 40, $"{all.Total} procedures");
        Assert.True(all.Items.Count(p => p.Level == ProcedureLevel.Commune) >= 12);
        Assert.True(all.Items.Count(p => p.Level == ProcedureLevel.Province) >= 20);
        var birth = await procedures.ListAsync(new ProcedureQuery("dang ky khai sinh"));
        Assert.Contains(birth.Items, p => p.Name.Contains("khai sinh", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Every_form_template_a_seeded_procedure_names_can_be_downloaded()
    {
        await using var stream = typeof(ProcedureService).Assembly.GetManifestResourceStream("Egov.Procedures.Seed.procedures.json")!;
        var named = (await ProcedureService.ParseAsync(stream))
            .SelectMany(p => p.Documents.Where(d => d.Template is not null).Select(d => (p.Code, d.Template!))).ToList();
        Assert.True(named.Count >= 30, $"{named.Count} templates named");
        Assert.Empty(named.Where(n => !Egov.Procedures.Search.ProcedureFinder.HasForm(n.Item2)).Select(n => $"{n.Code}: {n.Item2}"));
    }
}
