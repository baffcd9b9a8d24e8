namespace Egov.OneStop.Forms;

/// <summary>The one-stop forms of Circular 01/2018/TT-VPCP and Circular 03/2025/TT-VPCP.</summary>
public enum FormKind { Receipt, SupplementRequest, Refusal, Apology, StopNotice, ControlSheet, Register }

/// <summary>One paper of the dossier, as counted at the counter.</summary>
public sealed record FormDocument(string Name, int Originals, int Copies, bool Received);

/// <summary>A fee or charge collected with the dossier, in VND.</summary>
public sealed record FormFee(string Name, long Amount);

/// <summary>One row of the processing control sheet: a hand-off from one person/unit to the next.</summary>
/// <param name="GivenAt">UTC.</param>
/// <param name="DueAt">UTC.</param>
/// <param name="Result">"Trước hạn" | "Đúng hạn" | "Quá hạn" | null.</param>
public sealed record FormStep(string GivenBy, string ReceivedBy, string StepName, DateTime GivenAt, DateTime? DueAt, string? Result, string? Comment);

/// <summary>Everything a form prints about one dossier; filled by the dossier service, so the forms need no database.</summary>
/// <param name="ParentAgencyName">The line above the agency in the header, e.g. "UBND tỉnh Thanh Hóa".</param>
/// <param name="ReceivedAt">UTC.</param>
/// <param name="AppointmentAt">UTC.</param>
/// <param name="ReturnChannel">"Tại bộ phận một cửa" | "Qua dịch vụ bưu chính" | "Trực tuyến".</param>
/// <param name="Reason">Supplement items (one per line), refusal reason, stop reason or apology reason.</param>
/// <param name="NewAppointmentAt">UTC; the new date of the apology form.</param>
/// <param name="ReturnedAt">UTC; when the result was ready or returned (register column).</param>
/// <param name="Place">Optional place name for the date line ("Thanh Hóa, ngày … tháng … năm …"); dots when absent.</param>
/// <param name="ProcessingTime">Optional statutory processing time as printed, e.g. "05 ngày làm việc".</param>
public sealed record FormDossier(
    string Code, string ProcedureCode, string ProcedureName, string AgencyName, string? ParentAgencyName,
    string? AgencyAddress, string ApplicantName, string ApplicantIdNumber, string? ApplicantPhone, string? ApplicantEmail, string? ApplicantAddress,
    DateTime ReceivedAt, DateTime AppointmentAt, string ReceivedBy, string ReturnChannel,
    IReadOnlyList<FormDocument> Documents, IReadOnlyList<FormFee> Fees, IReadOnlyList<FormStep> Steps,
    string? Reason, DateTime? NewAppointmentAt, string StatusName, DateTime? ReturnedAt,
    string? Place = null, string? ProcessingTime = null);

public enum FormSet { Circular01_2018, Circular03_2025 }

/// <summary>Which circular's forms apply to a document, and their numbers and titles.</summary>
public static class FormSets
{
    /// <summary>Decree 118/2025 (and with it the Circular 03/2025 forms) applies from 1 July 2025, Vietnam time.</summary>
    public static readonly DateTime Circular03_2025FromUtc = new(2025, 6, 30, 17, 0, 0, DateTimeKind.Utc);

    /// <summary>Circular 03/2025 applies to documents dated on/after 1 July 2025 (Vietnam time), Circular 01/2018 before.</summary>
    public static FormSet For(DateTime issuedAtUtc) =>
        VnTime.AsUtc(issuedAtUtc) >= Circular03_2025FromUtc ? FormSet.Circular03_2025 : FormSet.Circular01_2018;

    /// <summary>The form number printed in the header ("Mẫu số 01" …); null when the set has no such form
    /// (the stop notice exists only in the 2025 set).</summary>
    public static string? Number(FormSet set, FormKind kind) => (set, kind) switch
    {
        (_, FormKind.Receipt) => "Mẫu số 01",
        (_, FormKind.SupplementRequest) => "Mẫu số 02",
        (_, FormKind.Refusal) => "Mẫu số 03",
        (_, FormKind.Apology) => "Mẫu số 04",
        (FormSet.Circular01_2018, FormKind.StopNotice) => null,
        (FormSet.Circular03_2025, FormKind.StopNotice) => "Mẫu số 05",
        (FormSet.Circular01_2018, FormKind.ControlSheet) => "Mẫu số 05",
        (FormSet.Circular03_2025, FormKind.ControlSheet) => "Mẫu số 06",
        (FormSet.Circular01_2018, FormKind.Register) => "Mẫu số 06",
        (FormSet.Circular03_2025, FormKind.Register) => "Mẫu số 07",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The title printed on the form. The stop notice has its 2025 title in either set, since only that set has it.</summary>
    public static string Title(FormKind kind, FormSet set) => kind switch
    {
        FormKind.Receipt => "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        FormKind.SupplementRequest => "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        FormKind.Refusal => "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        FormKind.Apology => set == FormSet.Circular01_2018
            ? "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
            : "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        FormKind.StopNotice => "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        FormKind.ControlSheet => "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        FormKind.Register => "SỔ THEO DÕI HỒ SƠ",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The legal basis printed under the form number, so a reader knows which circular the form follows.</summary>
    internal static string Basis(FormSet set) => set == FormSet.Circular01_2018
        ? "(Ban hành kèm theo Thông tư số 01/2018/TT-VPCP)"
        : "(Ban hành kèm theo Thông tư số 03/2025/TT-VPCP)";
}

/// <summary>Vietnam time (UTC+7, no daylight saving) and the formats the forms print.</summary>
internal static class VnTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>Unspecified kinds are taken as UTC, as the contract says all times are UTC.</summary>
    public static DateTime AsUtc(DateTime t) => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);

    public static DateTime Local(DateTime utc) => DateTime.SpecifyKind(AsUtc(utc) + Offset, DateTimeKind.Unspecified);

    public static string Date(DateTime utc) => Local(utc).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public static string DateOnlyText(DateOnly d) => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public static string DateTimeShort(DateTime utc) => Local(utc).ToString("HH:mm dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"10 giờ 30 phút, ngày 26/11/2026", as the forms word an appointment.</summary>
    public static string Moment(DateTime utc)
    {
        var t = Local(utc);
        return $"{t.Hour:00} giờ {t.Minute:00} phút, ngày {Date(utc)}";
    }

    /// <summary>"ngày 25 tháng 11 năm 2026" for the date line under the motto.</summary>
    public static string Long(DateTime utc)
    {
        var t = Local(utc);
        return $"ngày {t.Day:00} tháng {t.Month:00} năm {t.Year}";
    }

    /// <summary>VND with dot thousands separators: "8.000 đồng".</summary>
    public static string Money(long amount) =>
        amount.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.') + " đồng";
}
