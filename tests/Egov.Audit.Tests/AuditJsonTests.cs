using System.Text.Json;
using Egov.Audit;

namespace Egov.Audit.Tests;

public class AuditJsonTests
{
    private enum Sample { First = 1, Second = 2 }

    [Fact]
    public void Details_are_written_as_the_serializer_would_write_them()
    {
        var values = new Dictionary<string, object?>
        {
            ["Name"] = "Đăng ký khai sinh \"mới\" <b> & ' \u0001",
            ["Id"] = Guid.Parse("6f1c0f4e-2b7a-4c1e-9a51-0b7c4f3d2e10"),
            ["At"] = new DateTime(2026, 11, 24, 2, 8, 0, 123, DateTimeKind.Utc),
            ["Offset"] = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(7)),
            ["Fee"] = 50000.50m, ["Count"] = 3, ["Big"] = 1L << 40, ["Ratio"] = 0.25, ["Ok"] = true, ["None"] = null,
            ["Kind"] = Sample.Second,
            ["Day"] = new DateOnly(2026, 2, 17),
            ["State"] = new object?[] { "TIEP_NHAN", "THAM_DINH" },
            ["DossierParty"] = new List<Dictionary<string, object?>> { new() { ["Role"] = 1, ["AgencyId"] = Guid.Empty } },
        };
        var expected = JsonSerializer.Serialize(values, new JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        Assert.Equal(expected, AuditJson.Serialize(values));
    }
}
