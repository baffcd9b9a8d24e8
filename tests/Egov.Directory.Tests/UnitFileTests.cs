using System.Text;
using Egov.Directory.Demo;
using Egov.Directory.Units;
using Egov.Platform.Validation;

namespace Egov.Directory.Tests;

/// <summary>The administrative-unit importer reads the shipped files and refuses bad ones before writing anything.</summary>
public class UnitFileTests
{
    private static MemoryStream Json(string s) => new(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task The_2026_file_has_34_provinces_and_3321_communes()
    {
        await using var stream = DemoProvince.OpenResource("vn-units-2026.json");
        var (scheme, units) = await AdministrativeUnitService.ParseAsync(stream);
        Assert.Equal(UnitSchemes.TwoTier2026, scheme);
        Assert.Equal(34, units.Count(u => u.Level == UnitLevel.Province));
        Assert.Equal(3321, units.Count(u => u.Level == UnitLevel.Commune));
        Assert.Equal(166, units.Count(u => u.ParentCode == "38"));
        Assert.All(units.Where(u => u.Level == UnitLevel.Commune), u => Assert.Matches(@"^\d{5}$", u.Code));
    }

    [Fact]
    public async Task The_pre2025_file_has_three_tiers()
    {
        await using var stream = DemoProvince.OpenResource("vn-units-pre2025.json");
        var (scheme, units) = await AdministrativeUnitService.ParseAsync(stream);
        Assert.Equal(UnitSchemes.ThreeTierPre2025, scheme);
        Assert.Equal(63, units.Count(u => u.Level == UnitLevel.Province));
        Assert.Equal(696, units.Count(u => u.Level == UnitLevel.District));
        Assert.True(units.Count(u => u.Level == UnitLevel.Commune) > 10_000);
    }

    [Theory]
    [InlineData("", "json")]
    [InlineData("{\"Code\":\"38\"}", "$")]
    [InlineData("[]", "$")]
    [InlineData("[{\"Code\":\"38\",\"Name\":\"Thanh Hóa\"}]", "$[0]")]                                   // no Wards
    [InlineData("[{\"Code\":\"3A\",\"Name\":\"X\",\"Wards\":[]}]", "$[0].Code")]
    [InlineData("[{\"Code\":\"38\",\"Name\":\"X\",\"Wards\":[{\"Code\":\"1475\",\"Name\":\"Y\"}]}]", "$[0].Wards[0].Code")]
    [InlineData("[{\"Code\":\"38\",\"Name\":\"X\",\"Wards\":[{\"Code\":\"14758\",\"Name\":\"Y\"},{\"Code\":\"14758\",\"Name\":\"Z\"}]}]", "$[0].Wards[1].Code")]
    [InlineData("[{\"Code\":\"38\",\"Name\":42,\"Wards\":[]}]", "$[0].Name")]
    [InlineData("[{\"Code\":\"38\",\"Name\":\"X\",\"Wards\":[{\"Code\":\"14758\"}]}]", "$[0].Wards[0].Name")]
    public async Task Malformed_files_are_refused_naming_the_place(string json, string where)
    {
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => AdministrativeUnitService.ParseAsync(Json(json)));
        Assert.Contains(e.Errors.All, x => x.Field == where || x.Field == "file" && where == "json");
        Assert.All(e.Errors.All, x => Assert.False(string.IsNullOrWhiteSpace(x.MessageVi)));
    }

    [Fact]
    public async Task Hostile_input_deep_nesting_and_huge_names_are_refused()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        await Assert.ThrowsAsync<DomainValidationException>(() => AdministrativeUnitService.ParseAsync(Json(deep)));
        var huge = $"[{{\"Code\":\"38\",\"Name\":\"{new string('x', 100_000)}\",\"Wards\":[]}}]";
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => AdministrativeUnitService.ParseAsync(Json(huge)));
        Assert.Equal("$[0].Name", e.Errors.All[0].Field);
        var binary = new MemoryStream([0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF, 0xFE]); // a zip header
        await Assert.ThrowsAsync<DomainValidationException>(() => AdministrativeUnitService.ParseAsync(binary));
    }
}
