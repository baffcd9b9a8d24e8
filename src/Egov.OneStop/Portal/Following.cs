using System.Globalization;
using Egov.Calendar;
using Egov.Procedures;

namespace Egov.OneStop.Portal;

/// <summary>
/// A text the portal shows to applicants, in Vietnamese (default) and English. <see cref="Name"/>: a name from the data (a
/// process step's) that the Vietnamese text ends with and the English one leaves out; English pages show it after the words,
/// marked as Vietnamese.
/// </summary>
public sealed record PlainText(string Vi, string En, string? Name = null);

/// <summary>
/// A dossier's state as the applicant reads it: a short status ("Đang giải quyết", "Cần bổ sung giấy tờ") and what is
/// expected of the applicant now. <see cref="Waiting"/>: the applicant has something to do (supplement, fee, collect the result).
/// </summary>
public sealed record CitizenStatus(PlainText Status, PlainText Expected, bool Waiting);

/// <summary>One row of the applicant's timeline: when, the step in plain words, the agency, and a note addressed to the applicant.</summary>
public sealed record CitizenStep(DateTime At, PlainText Step, string? AgencyName, string? Note, bool ByApplicant);

/// <summary>A row of "Hồ sơ của tôi".</summary>
public sealed record FollowedDossier(string Code, string ProcedureName, DateTime ReceivedAt, DateTime AppointmentAt, int Status,
    CitizenStatus Plain, bool ClockStopped);

/// <summary>
/// The owner's page of a dossier: the full view, the status in plain words, the timeline for the applicant, and what the
/// applicant may do now — hand in the supplement (<see cref="SupplementAction"/>, with the reason asked) or withdraw.
/// </summary>
public sealed record FollowView(DossierView Dossier, CitizenStatus Plain, IReadOnlyList<CitizenStep> Timeline,
    string? SupplementAction, string? SupplementReason, bool MayWithdraw)
{
    /// <summary>The way of return may still change (until the result is ready).</summary>
    public bool MayChangeDelivery => DossierService.DeliveryChangeable(Dossier.Summary.Status);

    /// <summary>A fee is due and not yet paid (the payment page is another part of the portal).</summary>
    public bool FeeDue => Dossier.FeeAmount > 0 && Dossier.FeePaidAt is null && Dossier.Summary.Status is 1 or 2 or 4 or 5 or 6;
}

/// <summary>
/// The public look-up by dossier code. Without a second factor: the procedure, the status in plain words and the appointment.
/// With the right last four digits of the applicant's ID number or phone (<see cref="Revealed"/>): the timeline too.
/// <see cref="FactorRejected"/>: a second factor was given and matched neither (which one is not said).
/// <see cref="Locked"/>: the dossier had too many wrong second factors lately; none is checked until the window passes.
/// </summary>
public sealed record DossierLookup(string Code, string ProcedureName, int Status, CitizenStatus Plain, DateTime AppointmentAt, bool ClockStopped,
    bool Revealed, bool FactorRejected, IReadOnlyList<CitizenStep>? Timeline)
{
    public bool Locked { get; init; }
}

/// <summary>
/// The national statuses and the history of a dossier put in the applicant's words (Decree 118/2025 asks that applicants can
/// follow their dossier). Officers' internal comments stay internal: a row carries a note only when it is addressed to the
/// applicant (the reason of a supplement request, a refusal, a stop, an apology and new date) or written by the applicant.
/// </summary>
public static class CitizenView
{
    public static CitizenStatus Status(int status, bool clockStopped, DateTime appointmentAt, DateTime? stepDueAt, ReturnChannel returnChannel)
    {
        var appointment = Day(appointmentAt);
        return status switch
        {
            1 => new(new("Đã nộp, chờ tiếp nhận", "Submitted, awaiting acceptance"),
                new("Cán bộ một cửa đang kiểm tra hồ sơ; bạn chưa cần làm gì.", "A one-stop officer is checking the dossier; nothing to do yet."), false),
            2 => new(new("Đã tiếp nhận", "Accepted"),
                new($"Bạn chưa cần làm gì. Hẹn trả kết quả ngày {appointment}.", $"Nothing to do yet. The result is due on {appointment}."), false),
            4 => new(new("Đang giải quyết", "Being processed"),
                new($"Bạn chưa cần làm gì. Hẹn trả kết quả ngày {appointment}.", $"Nothing to do yet. The result is due on {appointment}."), false),
            5 => new(stepDueAt is { } due
                    ? new($"Cần bổ sung giấy tờ — hạn {Day(due)}", $"Documents to add — by {Day(due)}")
                    : new("Cần bổ sung giấy tờ", "Documents to add"),
                new("Hãy nộp bổ sung giấy tờ theo yêu cầu bên dưới. Thời hạn giải quyết tạm dừng cho đến khi bạn nộp bổ sung.",
                    "Hand in the documents asked for below. The processing time is paused until you do."), true),
            6 => new(new("Chờ thực hiện nghĩa vụ tài chính", "Awaiting payment of dues"),
                new("Hãy nộp phí, lệ phí hoặc thực hiện nghĩa vụ tài chính theo thông báo. Thời hạn giải quyết tạm dừng cho đến khi hoàn thành.",
                    "Pay the fees or dues as notified. The processing time is paused until then."), true),
            3 => new(new("Không được giải quyết", "Refused"),
                new("Xem lý do trong tiến trình xử lý. Bạn có thể nộp hồ sơ mới khi đã đủ điều kiện.",
                    "See the reason in the timeline. You may submit a new dossier once the conditions are met."), false),
            7 => new(new("Đã rút hồ sơ", "Withdrawn"), new("Không cần làm gì thêm.", "Nothing more to do."), false),
            8 => new(new("Dừng giải quyết", "Processing stopped"),
                new("Xem lý do trong tiến trình xử lý.", "See the reason in the timeline."), false),
            9 => new(new("Có kết quả, chờ nhận", "Result ready to collect"), returnChannel switch
            {
                ReturnChannel.Post => new("Kết quả sẽ được gửi qua bưu chính đến địa chỉ bạn đã đăng ký.", "The result will be sent by post to your address."),
                ReturnChannel.Online => new("Kết quả điện tử sẽ được trả trên Cổng dịch vụ công.", "The electronic result will be delivered on the portal."),
                _ => new("Hãy mang giấy tiếp nhận và giấy tờ tùy thân đến bộ phận một cửa để nhận kết quả.",
                    "Bring the receipt and your ID to the one-stop counter to collect the result."),
            }, true),
            10 => new(new("Đã trả kết quả", "Result delivered"),
                new("Hồ sơ đã hoàn thành. Bạn có thể đánh giá mức độ hài lòng.", "The dossier is complete. You may rate the service."), false),
            _ => new(new(ProcedureDefinition.Statuses.GetValueOrDefault(status, "—"), $"Status {status}"), new("", ""), false),
        };
    }

    /// <summary>The events of a dossier as the applicant's timeline, oldest first. <paramref name="statusOf"/> gives a state's national status.</summary>
    public static IReadOnlyList<CitizenStep> Timeline(IEnumerable<DossierEventView> history, Func<string, int?> statusOf, string? applicantActor)
    {
        var steps = new List<CitizenStep>();
        string? agency = null;
        foreach (var e in history.OrderBy(e => e.Sequence))
        {
            // Events that do not hand the dossier on happen where it is.
            agency = e.AgencyName ?? agency;
            var from = e.FromState is null ? null : statusOf(e.FromState);
            var to = statusOf(e.ToState);
            var byApplicant = applicantActor is not null && e.Actor == applicantActor;
            var (step, addressed) = Step(e, from, to, byApplicant);
            if (step is null) continue;
            steps.Add(new CitizenStep(e.At, step, agency, addressed || byApplicant ? e.Comment : null, byApplicant));
        }
        return steps;
    }

    /// <summary>The plain-language step of one event, and whether its comment is addressed to the applicant; null for internal events.</summary>
    private static (PlainText? Step, bool Addressed) Step(DossierEventView e, int? from, int? to, bool byApplicant)
    {
        switch (e.Action)
        {
            case DossierService.SubmitAction: return (new("Nộp hồ sơ trực tuyến", "Submitted online"), false);
            case DossierService.ReceiveAction: return (new("Tiếp nhận hồ sơ tại bộ phận một cửa", "Received at the one-stop counter"), false);
            case EngineActions.Accept: return (new("Hồ sơ được tiếp nhận", "Dossier accepted"), false);
            case EngineActions.Extend: return (new("Xin lỗi và hẹn lại ngày trả kết quả", "Apology and new date for the result"), true);
            case EngineActions.FeePaid: return (new("Đã nộp phí, lệ phí", "Fees paid"), false);
            case EngineActions.Rate: return (new("Đánh giá mức độ hài lòng", "Service rated"), false);
            // Assignment inside the agency, opinions between agencies and escalations are the administration's own business.
            case EngineActions.Assign or EngineActions.Opinion or EngineActions.Escalate: return (null, false);
        }
        return (from, to) switch
        {
            (_, 7) => (new("Rút hồ sơ", "Dossier withdrawn"), true),
            (_, 8) => (new("Dừng giải quyết hồ sơ", "Processing stopped"), true),
            (_, 3) => (new("Từ chối giải quyết hồ sơ", "Dossier refused"), true),
            (not 5, 5) => (new("Yêu cầu bổ sung giấy tờ", "Documents requested"), true),
            (5, _) => (new(byApplicant ? "Bạn đã nộp bổ sung giấy tờ" : "Nộp bổ sung giấy tờ", byApplicant ? "You handed in the documents" : "Documents handed in"), false),
            (not 6, 6) => (new("Thông báo thực hiện nghĩa vụ tài chính", "Dues to pay notified"), true),
            (6, _) => (new("Hoàn thành nghĩa vụ tài chính", "Dues paid"), false),
            (not 9, 9) => (new("Có kết quả giải quyết", "Result ready"), false),
            (_, 10) => (new("Trả kết quả", "Result delivered"), false),
            _ => (new($"Đang giải quyết: {e.ToStateName ?? e.ToState}", "Being processed", e.ToStateName ?? e.ToState), false),
        };
    }

    /// <summary>The last four digits of an ID number or a phone, as typed in the look-up.</summary>
    public static string? LastFour(string? value)
    {
        var digits = new string((value ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 4 ? digits[^4..] : null;
    }

    private static string Day(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(WorkingCalendar.VietnamOffset).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
