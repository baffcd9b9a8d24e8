using Egov.Calendar;

namespace Egov.Procedures.Tests;

/// <summary>A small, valid commune procedure that each test breaks in one way.</summary>
public static class Sample
{
    public static readonly IReadOnlySet<string> Fields = new HashSet<string> { "HT", "CT", "XD" };

    public static ProcedureDefinition BirthRegistration(string code = "1.001193.000.00.00.H56") => new(
        code, "Đăng ký khai sinh", "HT", ProcedureLevel.Commune, ["every-commune"], new Duration(1, TimeUnit.WorkingDays),
        OnlineLevel.Full, "Giấy khai sinh", ["Luật Hộ tịch số 60/2014/QH13"], SupplementRule.Restart,
        [new Fee("Lệ phí đăng ký khai sinh đúng hạn", 0)], false,
        [new RequiredDocument("Tờ khai đăng ký khai sinh", 1, 0, "to-khai.docx"), new RequiredDocument("Giấy chứng sinh", 1, 0, Mandatory: false, Condition: "Sinh tại cơ sở y tế")],
        new ProcessDefinition("TIEP_NHAN",
        [
            new("TIEP_NHAN", "Tiếp nhận hồ sơ", 2, "onestop-officer", "receiving", new Duration(1, TimeUnit.WorkingHours)),
            new("THAM_DINH", "Thẩm định", 4, "specialist", "receiving", new Duration(4, TimeUnit.WorkingHours)),
            new("BO_SUNG", "Chờ bổ sung", 5, "applicant"),
            new("PHE_DUYET", "Phê duyệt", 4, "leader", "receiving", new Duration(2, TimeUnit.WorkingHours)),
            new("TRA_KET_QUA", "Chờ trả kết quả", 9, "onestop-officer", "receiving", new Duration(1, TimeUnit.WorkingHours)),
            new("DA_TRA", "Đã trả kết quả", 10, End: true),
            new("TU_CHOI", "Từ chối", 3, End: true),
        ],
        [
            new("chuyen_tham_dinh", "Chuyển thẩm định", "TIEP_NHAN", "THAM_DINH", ["onestop-officer"]),
            new("yeu_cau_bo_sung", "Yêu cầu bổ sung", "THAM_DINH", "BO_SUNG", ["specialist"], true),
            new("nop_bo_sung", "Nộp bổ sung", "BO_SUNG", "THAM_DINH", ["applicant", "onestop-officer"]),
            new("trinh_ky", "Trình ký", "THAM_DINH", "PHE_DUYET", ["specialist"]),
            new("ky_duyet", "Ký duyệt", "PHE_DUYET", "TRA_KET_QUA", ["leader"]),
            new("tu_choi", "Từ chối", "PHE_DUYET", "TU_CHOI", ["leader"], true),
            new("tra_ket_qua", "Trả kết quả", "TRA_KET_QUA", "DA_TRA", ["onestop-officer"]),
        ]));
}
