using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Egov.Web.Tests;

public abstract class ProceduresApiTests(HostFixture fixture)
{
    private EgovHost Host => fixture.Host;

    internal const string Procedure = """
    {
      "code": "1.999101.000.00.00.H56", "name": "Chứng thực bản sao từ bản chính (thử nghiệm)", "field": "CT", "level": "Commune",
      "agencies": ["every-commune"], "processingTime": { "value": 4, "unit": "WorkingHours" }, "onlineLevel": "Partial",
      "resultType": "Bản sao được chứng thực", "legalBasis": ["Nghị định số 23/2015/NĐ-CP"], "afterSupplement": "Restart",
      "fees": [ { "name": "Phí chứng thực bản sao", "amount": 2000, "note": "mỗi trang" } ], "feeChoice": false,
      "documents": [ { "name": "Bản chính giấy tờ", "originals": 1, "copies": 0, "mandatory": true } ],
      "process": {
        "start": "TIEP_NHAN",
        "states": [
          { "code": "TIEP_NHAN", "name": "Tiếp nhận", "status": 2, "role": "onestop-officer", "agency": "receiving", "time": { "value": 1, "unit": "WorkingHours" } },
          { "code": "KY", "name": "Ký chứng thực", "status": 4, "role": "leader", "agency": "receiving", "time": { "value": 2, "unit": "WorkingHours" } },
          { "code": "DA_TRA", "name": "Đã trả kết quả", "status": 10, "end": true }
        ],
        "actions": [
          { "code": "trinh_ky", "name": "Trình ký", "from": "TIEP_NHAN", "to": "KY", "roles": ["onestop-officer"] },
          { "code": "ky_tra", "name": "Ký và trả", "from": "KY", "to": "DA_TRA", "roles": ["leader"] }
        ]
      }
    }
    """;

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task System_administrators_import_and_anyone_finds_the_procedure()
    {
        var admin = await Host.SignedInAsync("quantri");
        var leader = await Host.SignedInAsync("lanhdao");
        await (await leader.PostAsync("/api/v1/procedures/import", Json(Procedure))).Json(HttpStatusCode.Forbidden);
        await (await Host.Anonymous().PostAsync("/api/v1/procedures/import", Json(Procedure))).Json(HttpStatusCode.Unauthorized);

        var result = await (await admin.PostAsync("/api/v1/procedures/import", Json(Procedure))).Json(HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("added").GetInt32());

        var anon = Host.Anonymous();
        var found = await (await anon.GetAsync("/api/v1/procedures?q=chung%20thuc%20ban%20sao%20thu%20nghiem")).Json(HttpStatusCode.OK);
        Assert.Equal("1.999101.000.00.00.H56", found.GetProperty("items")[0].GetProperty("code").GetString());
        // The portal's index follows the import at once on this node.
        var ranked = await (await anon.GetAsync("/api/v1/procedures/search?q=chung%20thuc%20ban%20sao%20thu%20nghiem")).Json(HttpStatusCode.OK);
        Assert.Equal("1.999101.000.00.00.H56", ranked.GetProperty("items")[0].GetProperty("code").GetString());
        var one = await (await anon.GetAsync("/api/v1/procedures/1.999101.000.00.00.H56")).Json(HttpStatusCode.OK);
        Assert.Equal(2000, one.GetProperty("definition").GetProperty("fees")[0].GetProperty("amount").GetInt64());
        Assert.Equal("Partial", one.GetProperty("definition").GetProperty("onlineLevel").GetString());

        var export = await (await admin.GetAsync("/api/v1/procedures/export?code=1.999101.000.00.00.H56")).Content.ReadAsStringAsync();
        var again = await (await admin.PostAsync("/api/v1/procedures/import", Json(export))).Json(HttpStatusCode.OK);
        Assert.Equal(1, again.GetProperty("unchanged").GetInt32());
        await (await anon.GetAsync("/api/v1/procedures/1.000000.000.00.00.H56")).Json(HttpStatusCode.NotFound);

        // Withdrawn: no longer offered on the portal.
        await (await admin.PostAsync("/api/v1/procedures/1.999101.000.00.00.H56/deactivate", null)).Json(HttpStatusCode.NoContent);
        var gone = await (await anon.GetAsync("/api/v1/procedures/search?q=1.999101")).Json(HttpStatusCode.OK);
        Assert.Equal(0, gone.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/portal/procedures/1.999101.000.00.00.H56")).StatusCode);
    }

    [Fact]
    public async Task A_broken_process_is_refused_naming_the_step()
    {
        var admin = await Host.SignedInAsync("quantri");
        var broken = Procedure.Replace("\"to\": \"DA_TRA\"", "\"to\": \"KHONG_CO\"").Replace("1.999101", "1.999102");
        var problem = await (await admin.PostAsync("/api/v1/procedures/import", Json(broken))).Problem(HttpStatusCode.BadRequest, "procedures[0].process.actions[1].to");
        Assert.Contains("KHONG_CO", problem);
        var tooLong = Procedure.Replace("\"value\": 2, \"unit\": \"WorkingHours\"", "\"value\": 9, \"unit\": \"WorkingHours\"").Replace("1.999101", "1.999103");
        await (await admin.PostAsync("/api/v1/procedures/import", Json(tooLong))).Problem(HttpStatusCode.BadRequest, "procedures[0].process.states");
        var wrongType = Procedure.Replace("\"status\": 2", "\"status\": \"hai\"").Replace("1.999101", "1.999104");
        await (await admin.PostAsync("/api/v1/procedures/import", Json(wrongType))).Problem(HttpStatusCode.BadRequest, "process.states[0].status");
        await (await Host.Anonymous().GetAsync("/api/v1/procedures/1.999102.000.00.00.H56")).Json(HttpStatusCode.NotFound);
    }
}

[Collection("sqlite")] public sealed class ProceduresApiSqlite(SqliteHost f) : ProceduresApiTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class ProceduresApiPostgres(PostgresHost f) : ProceduresApiTests(f), IClassFixture<PostgresHost>;
