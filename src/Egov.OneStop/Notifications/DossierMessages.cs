using System.Globalization;
using Egov.Platform.Messaging;

namespace Egov.OneStop.Notifications;

/// <summary>The steps of a dossier its applicant is told about (issue 5 "Receive").</summary>
public enum DossierMessageKind { Received, Supplement, Fee, ResultReady, Returned, Refused, Delayed }

/// <summary>
/// Which step of a dossier is worth a message to its applicant, and the message in Vietnamese. Plain C#: given the event just
/// appended and the dossier as it now is, tested without a database.
/// </summary>
public static class DossierMessages
{
    /// <summary>The kind of message an event calls for, or null (internal hand-offs, assignments, opinions…).</summary>
    public static DossierMessageKind? KindOf(DossierEvent e, Dossier d)
    {
        if (e.Action == EngineActions.Accept) return DossierMessageKind.Received;
        if (e.Action == DossierService.ReceiveAction) return DossierMessageKind.Received;
        if (e.Action == EngineActions.Extend) return DossierMessageKind.Delayed;
        if (e.FromState == e.ToState || e.ToState != d.State) return null;
        return d.Status switch
        {
            3 => DossierMessageKind.Refused,
            5 => DossierMessageKind.Supplement,
            6 => DossierMessageKind.Fee,
            9 => DossierMessageKind.ResultReady,
            10 => DossierMessageKind.Returned,
            _ => null,
        };
    }

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>"HH:mm dd/MM/yyyy" in Vietnam time.</summary>
    public static string VietnamTime(DateTime utc) => utc.AddHours(7).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Money(long amount) => amount.ToString("#,0", Vi) + " đồng";

    /// <param name="portalUrl">The portal's address for links ("" for paths only).</param>
    /// <param name="reason">The officer's comment addressed to the applicant (supplement asked, refusal, apology).</param>
    public static MessageContent Compose(DossierMessageKind kind, Dossier d, string? reason, string portalUrl)
    {
        var link = $"{portalUrl.TrimEnd('/')}/portal/dossiers/{Uri.EscapeDataString(d.Code)}";
        var (title, lines, sms) = kind switch
        {
            DossierMessageKind.Received => ("đã được tiếp nhận",
                new List<string?>
                {
                    $"Hồ sơ \"{d.ProcedureName}\" của ông/bà đã được tiếp nhận.",
                    $"Mã hồ sơ: {d.Code}",
                    $"Ngày hẹn trả kết quả: {VietnamTime(d.AppointmentAt)}",
                    d.FeeAmount > 0 && d.FeePaidAt is null ? $"Phí, lệ phí: {Money(d.FeeAmount)}; ông/bà có thể thanh toán trực tuyến tại {link}/pay" : null,
                },
                $"Ho so {d.Code} da duoc tiep nhan. Hen tra ket qua: {VietnamTime(d.AppointmentAt)}."),
            DossierMessageKind.Supplement => ("cần bổ sung giấy tờ",
                [$"Cơ quan giải quyết đề nghị ông/bà bổ sung hồ sơ \"{d.ProcedureName}\" (mã {d.Code}).",
                 reason is null ? null : $"Nội dung cần bổ sung: {reason}",
                 $"Ông/bà nộp bổ sung trực tuyến tại {link}"],
                $"Ho so {d.Code} can bo sung giay to. Vui long xem chi tiet va nop bo sung tren Cong dich vu cong."),
            DossierMessageKind.Fee => ("chờ thực hiện nghĩa vụ tài chính",
                [$"Hồ sơ \"{d.ProcedureName}\" (mã {d.Code}) đang chờ ông/bà thực hiện nghĩa vụ tài chính (phí, lệ phí, thuế).",
                 d.FeeAmount > 0 && d.FeePaidAt is null ? $"Số tiền: {Money(d.FeeAmount)}; thanh toán trực tuyến tại {link}/pay" : $"Chi tiết tại {link}"],
                $"Ho so {d.Code} cho thuc hien nghia vu tai chinh. Vui long xem chi tiet tren Cong dich vu cong."),
            DossierMessageKind.ResultReady => d.ReturnChannel switch
            {
                ReturnChannel.Post => ("đã có kết quả, sẽ gửi qua bưu chính",
                    new List<string?> { $"Hồ sơ \"{d.ProcedureName}\" (mã {d.Code}) đã có kết quả.", "Kết quả sẽ được gửi qua dịch vụ bưu chính đến địa chỉ ông/bà đã đăng ký." },
                    $"Ho so {d.Code} da co ket qua, se duoc gui qua buu chinh den dia chi da dang ky."),
                ReturnChannel.Online => ("đã có kết quả",
                    [$"Hồ sơ \"{d.ProcedureName}\" (mã {d.Code}) đã có kết quả.", $"Ông/bà tải kết quả điện tử tại {link}"],
                    $"Ho so {d.Code} da co ket qua. Tai ket qua dien tu tren Cong dich vu cong."),
                _ => ("đã có kết quả, mời nhận tại bộ phận một cửa",
                    [$"Hồ sơ \"{d.ProcedureName}\" (mã {d.Code}) đã có kết quả.",
                     "Mời ông/bà đến bộ phận một cửa nơi đã nộp hồ sơ để nhận kết quả; khi đến, mang theo giấy tiếp nhận hồ sơ hoặc căn cước."],
                    $"Ho so {d.Code} da co ket qua. Moi ong/ba den bo phan mot cua de nhan."),
            },
            DossierMessageKind.Returned => ("đã trả kết quả",
                [$"Hồ sơ \"{d.ProcedureName}\" (mã {d.Code}) đã được trả kết quả" + d.ReturnChannel switch
                {
                    ReturnChannel.Post => " qua dịch vụ bưu chính.",
                    ReturnChannel.Online => " trực tuyến.",
                    _ => " tại bộ phận một cửa.",
                },
                 $"Mời ông/bà đánh giá mức độ hài lòng tại {link}"],
                $"Ho so {d.Code} da tra ket qua. Cam on ong/ba da su dung dich vu."),
            DossierMessageKind.Refused => ("không được giải quyết",
                [$"Hồ sơ \"{d.ProcedureName}\" (mã {d.Code}) không được tiếp nhận hoặc không được giải quyết.",
                 reason is null ? null : $"Lý do: {reason}",
                 $"Chi tiết tại {link}"],
                $"Ho so {d.Code} khong duoc giai quyet. Xem ly do tren Cong dich vu cong."),
            _ => ("được hẹn lại ngày trả kết quả",
                [$"Cơ quan giải quyết xin lỗi vì hồ sơ \"{d.ProcedureName}\" (mã {d.Code}) chưa có kết quả đúng hẹn.",
                 reason is null ? null : $"Lý do: {reason}",
                 $"Ngày hẹn trả kết quả mới: {VietnamTime(d.AppointmentAt)}"],
                $"Ho so {d.Code} duoc hen lai ngay tra ket qua: {VietnamTime(d.AppointmentAt)}."),
        };
        var body = string.Join("\n", new List<string?> { $"Kính gửi ông/bà {d.ApplicantName},", "" }
            .Concat(lines)
            .Concat(["", $"Theo dõi hồ sơ: {link}", "",
                "Đây là thư tự động của Cổng dịch vụ công; xin đừng trả lời thư này.",
                $"Ông/bà nhận thư vì đã đồng ý nhận thông báo; thay đổi tại {portalUrl.TrimEnd('/')}/portal/account/notifications"])
            .Where(l => l is not null));
        return new MessageContent("dossier." + kind.ToString().ToLowerInvariant(), $"Hồ sơ {d.Code} {title}", body, sms);
    }
}
