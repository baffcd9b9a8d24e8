using Egov.Directory.Agencies;

namespace Egov.Directory.Tests;

public class AgencyCodeTests
{
    [Theory]
    [InlineData("000.00.00.H56", 1)]
    [InlineData("000.00.38.H56", 2)]
    [InlineData("000.12.38.H56", 3)]
    [InlineData("123.12.38.H56", 4)]
    [InlineData("000.00.04.G14", 2)]
    public void Valid_codes_and_their_level(string code, int level)
    {
        Assert.Null(AgencyCode.Check(code, "code", out var parsed));
        Assert.Equal(level, parsed.Level);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("00.00.00.H56", "format")]
    [InlineData("000.00.00.h56", "format")]     // level-1 letter is upper case
    [InlineData("000.00.00.H5", "format")]
    [InlineData("000-00-00-H56", "format")]
    [InlineData("000.00.00.H56 ", null)]         // trimmed
    [InlineData("000.00.00.H56.000.00.00.H56.000000.00", "tooLong")]
    public void Invalid_codes_get_a_specific_reason(string code, string? reason) =>
        Assert.Equal(reason, AgencyCode.Check(code, "code", out _)?.Code);

    [Fact]
    public void A_sub_agency_carries_its_parents_level_1_code()
    {
        var province = new AgencyCode("000.00.00.H56");
        Assert.Null(new AgencyCode("000.00.03.H56").CheckChildOf(province, "code"));
        Assert.Equal("parentMismatch", new AgencyCode("000.00.03.H26").CheckChildOf(province, "code")?.Code);
        Assert.Equal("sameAsParent", new AgencyCode("000.00.00.H56").CheckChildOf(province, "code")?.Code);
    }
}
