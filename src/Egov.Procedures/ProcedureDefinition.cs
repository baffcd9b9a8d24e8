using System.Text.Json;
using System.Text.Json.Serialization;
using Egov.Calendar;

namespace Egov.Procedures;

public enum ProcedureLevel { Commune, Province }

/// <summary>Decree 42/2022: toàn trình (end-to-end online), một phần (partly online), or information and forms only.</summary>
public enum OnlineLevel { Full, Partial, Information }

/// <summary>After a supplement the clock restarts from zero (most procedures: "kể từ ngày nhận đủ hồ sơ hợp lệ") or resumes.</summary>
public enum SupplementRule { Restart, Resume }

public sealed record Duration(double Value, TimeUnit Unit)
{
    /// <summary>For comparisons of step times with the total: a working day counts as 8 working hours (Decree 61/2018).</summary>
    public double Hours => Unit == TimeUnit.WorkingDays ? Value * 8 : Value;
    public ProcessingTime ToProcessingTime() => new(Value, Unit);
}

public sealed record Fee(string Name, long Amount, string? Note = null);

public sealed record RequiredDocument(string Name, int Originals = 1, int Copies = 0, string? Template = null, bool Mandatory = true, string? Condition = null);

/// <summary>A state of the internal process: who works on it (role, acting agency), its national status, its allotted time.</summary>
public sealed record ProcessState(
    string Code, string Name, int Status, string? Role = null, string? Agency = null, Duration? Time = null,
    bool End = false, IReadOnlyList<string>? Opinions = null);

/// <summary>A transition: from a state to the next, allowed to the listed roles.</summary>
public sealed record ProcessAction(string Code, string Name, string From, string To, IReadOnlyList<string> Roles, bool RequiresComment = false);

/// <summary>The internal process (quy trình nội bộ) as data, in the manner of DIGIT's workflow: states, actions, roles, SLAs.</summary>
public sealed record ProcessDefinition(string Start, IReadOnlyList<ProcessState> States, IReadOnlyList<ProcessAction> Actions);

/// <summary>
/// One administrative procedure (thủ tục hành chính) as imported and exported, one version of it. <see cref="Applicants"/>
/// (đối tượng thực hiện) says who may apply, as the portal shows it.
/// </summary>
public sealed record ProcedureDefinition(
    string Code, string Name, string Field, ProcedureLevel Level, IReadOnlyList<string> Agencies, Duration ProcessingTime,
    OnlineLevel OnlineLevel, string ResultType, IReadOnlyList<string> LegalBasis, SupplementRule AfterSupplement,
    IReadOnlyList<Fee> Fees, bool FeeChoice, IReadOnlyList<RequiredDocument> Documents, ProcessDefinition Process, bool DemoCode = false,
    string? Applicants = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
        // A missing required property or a null where none is allowed is an error naming its path, not a silent null.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>National status numbers (as the national portal syncs them) and their Vietnamese names.</summary>
    public static readonly IReadOnlyDictionary<int, string> Statuses = new Dictionary<int, string>
    {
        [1] = "Mới nộp trực tuyến", [2] = "Đã tiếp nhận", [3] = "Từ chối", [4] = "Đang xử lý", [5] = "Yêu cầu bổ sung",
        [6] = "Chờ thực hiện nghĩa vụ tài chính", [7] = "Rút hồ sơ", [8] = "Dừng xử lý", [9] = "Đã có kết quả", [10] = "Đã trả kết quả",
    };
}
