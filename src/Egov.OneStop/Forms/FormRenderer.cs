using QRCoder;

namespace Egov.OneStop.Forms;

/// <summary>Renders the one-stop forms of Circular 01/2018/TT-VPCP and Circular 03/2025/TT-VPCP as PDF and the
/// tracking register as PDF or Excel. Pure: it knows nothing of the database, the dossier service feeds it.</summary>
public sealed class FormRenderer
{
    private const string Applicant = "Ông/Bà";

    /// <summary>Forms 01–05 on A5, the control sheet on A4 and the register on A4 landscape; the issue date picks the set.
    /// Throws <see cref="NotSupportedException"/> for a stop notice dated before 1 July 2025 (Circular 01/2018 has none).
    /// The register kind renders a one-row register for the dossier's day of receipt.</summary>
    public byte[] Render(FormKind kind, FormDossier dossier, DateTime issuedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var set = FormSets.For(issuedAtUtc);
        if (kind == FormKind.Register)
        {
            var day = DateOnly.FromDateTime(VnTime.Local(dossier.ReceivedAt));
            return RegisterPdf(dossier.AgencyName, day, day, [dossier], issuedAtUtc);
        }
        var number = FormSets.Number(set, kind)
            ?? throw new NotSupportedException($"{kind} has no form in {set}; it exists from 1 July 2025 (Circular 03/2025/TT-VPCP).");

        var a4 = kind == FormKind.ControlSheet;
        using var sheet = new PdfSheet(a4 ? PageSize.A4 : PageSize.A5, PageOrientation.Portrait, a4 ? 18 : 10, FormSets.Title(kind, set));
        var k = a4 ? 1.25 : 1.0; // type scale: the A4 sheet reads like the A5 forms enlarged
        Header(sheet, k, set, number, dossier.ParentAgencyName, dossier.AgencyName, dossier.Code, dossier.Place, issuedAtUtc);
        Title(sheet, k, FormSets.Title(kind, set), dossier.Code);
        var body = new Body(sheet, k);
        switch (kind)
        {
            case FormKind.Receipt: Receipt(body, dossier); break;
            case FormKind.SupplementRequest: Supplement(body, dossier); break;
            case FormKind.Refusal: Refusal(body, dossier); break;
            case FormKind.Apology: Apology(body, dossier, set); break;
            case FormKind.StopNotice: StopNotice(body, dossier); break;
            case FormKind.ControlSheet: ControlSheet(body, dossier); break;
        }
        return sheet.Save();
    }

    /// <summary>Sổ theo dõi hồ sơ (A4 landscape): one row per dossier of the period.</summary>
    public byte[] RegisterPdf(string agencyName, DateOnly from, DateOnly to, IReadOnlyList<FormDossier> dossiers, DateTime issuedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(dossiers);
        var set = FormSets.For(issuedAtUtc);
        using var sheet = new PdfSheet(PageSize.A4, PageOrientation.Landscape, 14, FormSets.Title(FormKind.Register, set));
        var parent = dossiers.Select(d => d.ParentAgencyName).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));
        var place = dossiers.Select(d => d.Place).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));
        Header(sheet, 1.25, set, FormSets.Number(set, FormKind.Register), parent, agencyName, code: null, place, issuedAtUtc);
        sheet.Paragraph(FormSets.Title(FormKind.Register, set), sheet.Font(15, FontStyle.Bold), Align.Center);
        sheet.Paragraph($"Từ ngày {VnTime.DateOnlyText(from)} đến ngày {VnTime.DateOnlyText(to)}", sheet.Font(11, FontStyle.Italic), Align.Center, spaceAfter: 8);
        var rows = dossiers.Select((d, i) => (IReadOnlyList<string>)RegisterRow(i, d)).ToList();
        sheet.Table(
            RegisterColumns.Select((h, i) => new Column(h, RegisterWeights[i], i is 0 or 4 or 5 or 6 ? Align.Center : Align.Left)).ToList(),
            rows, sheet.Font(8.5), sheet.Font(8.5, FontStyle.Bold));
        sheet.Y += 6;
        sheet.Paragraph($"Tổng số: {dossiers.Count} hồ sơ.", sheet.Font(10, FontStyle.Italic));
        sheet.NumberPages(sheet.Font(8, FontStyle.Italic));
        return sheet.Save();
    }

    /// <summary>The register as an Excel workbook: a title block, then one header row and one row per dossier.</summary>
    public byte[] RegisterExcel(string agencyName, DateOnly from, DateOnly to, IReadOnlyList<FormDossier> dossiers) =>
        RegisterWorkbook.Build(agencyName, from, to, dossiers, RegisterColumns, RegisterRow);

    internal static readonly string[] RegisterColumns =
        ["STT", "Mã hồ sơ", "Tên thủ tục", "Người nộp", "Ngày nhận", "Ngày hẹn trả", "Ngày có kết quả/trả", "Tình trạng", "Ghi chú"];

    private static readonly double[] RegisterWeights = [4, 19, 20, 16, 8, 8, 9, 9, 17];

    internal static string[] RegisterRow(int index, FormDossier d) =>
    [
        (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        d.Code,
        d.ProcedureName,
        d.ApplicantName,
        VnTime.Date(d.ReceivedAt),
        VnTime.Date(d.AppointmentAt),
        d.ReturnedAt is { } r ? VnTime.Date(r) : "",
        d.StatusName,
        Note(d),
    ];

    private static string Note(FormDossier d) =>
        string.Join("; ", new[] { d.ReturnChannel, d.Reason }.Where(s => !string.IsNullOrWhiteSpace(s)));

    // ---- the parts every form shares ----

    /// <summary>Form number top right; agency names left (parent regular, agency bold, short rule) over the QR of the
    /// dossier code; national motto right with its rule and the place/date line.</summary>
    private static void Header(PdfSheet s, double k, FormSet set, string? number, string? parent, string agency, string? code, string? place, DateTime issuedAtUtc)
    {
        if (number is not null)
        {
            s.Y += s.Text([new(number, s.Font(8.5 * k, FontStyle.Bold))], s.Left, s.Width, s.Y, Align.Right);
            s.Y += s.Text([new(FormSets.Basis(set), s.Font(6.5 * k, FontStyle.Italic))], s.Left, s.Width, s.Y, Align.Right) + 4 * k;
        }
        var leftWidth = s.Width * 0.42;
        var rightX = s.Left + leftWidth;
        var rightWidth = s.Width - leftWidth;
        double left = s.Y, right = s.Y;

        if (!string.IsNullOrWhiteSpace(parent))
            left += s.Text([new(parent.ToUpperInvariant(), s.Font(8 * k))], s.Left, leftWidth, left, Align.Center);
        left += s.Text([new(agency.ToUpperInvariant(), s.Font(8 * k, FontStyle.Bold))], s.Left, leftWidth, left, Align.Center) + 2;
        s.Line(s.Left + leftWidth / 3, left, s.Left + leftWidth * 2 / 3, left);
        left += 4 * k;

        right += s.Text([new("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s.Font(8 * k, FontStyle.Bold))], rightX, rightWidth, right, Align.Center);
        var motto = new Run("Độc lập - Tự do - Hạnh phúc", s.Font(9 * k, FontStyle.Bold));
        right += s.Text([motto], rightX, rightWidth, right, Align.Center) + 2;
        var mottoWidth = s.Measure(motto);
        s.Line(rightX + (rightWidth - mottoWidth) / 2, right, rightX + (rightWidth + mottoWidth) / 2, right);
        right += 5 * k;
        var dateLine = $"{(string.IsNullOrWhiteSpace(place) ? "……………" : place)}, {VnTime.Long(issuedAtUtc)}";
        right += s.Text([new(dateLine, s.Font(8.5 * k, FontStyle.Italic))], rightX, rightWidth, right, Align.Center);

        if (code is not null)
        {
            var size = 44 * k;
            s.Image(QrBitmap(code), s.Left + (leftWidth - size) / 2, left, size);
            left += size;
        }
        s.Y = Math.Max(left, right) + 6 * k;
    }

    private static void Title(PdfSheet s, double k, string title, string code)
    {
        s.Paragraph(title, s.Font(11 * k, FontStyle.Bold), Align.Center, spaceAfter: 1);
        s.Paragraph([new("Mã hồ sơ: ", s.Font(9.5 * k)), new(code, s.Font(9.5 * k, FontStyle.Bold))], Align.Center, spaceAfter: 6 * k);
    }

    /// <summary>The QR of the dossier code, quiet zone included, as a grey bitmap of four pixels per module (one pixel a
    /// module renders with uneven module edges at screen resolutions, which some readers then fail on); the PDF scales it
    /// without smoothing.</summary>
    internal static GrayImage QrBitmap(string code, int pixelsPerModule = 4)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count * pixelsPerModule;
        var pixels = new byte[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                pixels[y * size + x] = matrix[y / pixelsPerModule][x / pixelsPerModule] ? (byte)0 : (byte)255;
        return new GrayImage(size, size, pixels);
    }

    /// <summary>Body text helpers at the form's type scale.</summary>
    private sealed class Body(PdfSheet s, double k)
    {
        public PdfSheet Sheet => s;
        public double K => k;
        public Run R(string text) => new(text, s.Font(9 * k));
        public Run B(string text) => new(text, s.Font(9 * k, FontStyle.Bold));
        public Run I(string text) => new(text, s.Font(9 * k, FontStyle.Italic));
        public void P(params Run[] runs) => s.Paragraph(runs, Align.Left, indent: 14 * k, spaceAfter: 2 * k);
        public void Item(params Run[] runs) => s.Paragraph(runs, Align.Left, spaceAfter: 1 * k, leftPad: 6 * k);

        public void Applicant(FormDossier d)
        {
            Item(R("Số định danh cá nhân: "), R(d.ApplicantIdNumber));
            if (!string.IsNullOrWhiteSpace(d.ApplicantAddress)) Item(R("Địa chỉ: "), R(d.ApplicantAddress));
            var contact = string.Join("; ", new[]
            {
                string.IsNullOrWhiteSpace(d.ApplicantPhone) ? null : $"Số điện thoại: {d.ApplicantPhone}",
                string.IsNullOrWhiteSpace(d.ApplicantEmail) ? null : $"Email: {d.ApplicantEmail}",
            }.Where(x => x is not null));
            if (contact.Length > 0) Item(R(contact));
            Item(R("Nội dung yêu cầu giải quyết: "), R(d.ProcedureName), I($" (mã thủ tục {d.ProcedureCode})"));
        }

        /// <summary>Signature blocks side by side (left may be absent): role, hint, room to sign, printed name.</summary>
        public void Signatures((string Role, string Hint, string? Name)? leftBlock, (string Role, string Hint, string? Name) rightBlock)
        {
            s.Y += 6 * k;
            s.Ensure(70 * k); // role, hint, room to sign and the name stay together
            var half = s.Width / 2;
            double Block((string Role, string Hint, string? Name) b, double x)
            {
                var y = s.Y;
                y += s.Text([new(b.Role, s.Font(9 * k, FontStyle.Bold))], x, half, y, Align.Center);
                y += s.Text([new(b.Hint, s.Font(8 * k, FontStyle.Italic))], x, half, y, Align.Center) + 36 * k;
                if (!string.IsNullOrWhiteSpace(b.Name)) y += s.Text([new(b.Name, s.Font(9 * k, FontStyle.Bold))], x, half, y, Align.Center);
                return y;
            }
            var bottom = Block(rightBlock, s.Left + half);
            if (leftBlock is { } l) bottom = Math.Max(bottom, Block(l, s.Left));
            s.Y = bottom + 4 * k;
        }
    }

    // ---- the forms ----

    private static void Receipt(Body b, FormDossier d)
    {
        b.P(b.R($"{d.AgencyName} tiếp nhận hồ sơ của: {Applicant} "), b.B(d.ApplicantName));
        b.Applicant(d);
        b.Item(b.B("1. Thành phần hồ sơ nộp gồm:"));
        var documents = d.Documents.Any(x => x.Received) ? d.Documents.Where(x => x.Received).ToList() : d.Documents.ToList();
        var s = b.Sheet;
        s.Table(
            [new("STT", 3, Align.Center), new("Tên giấy tờ", 20), new("Bản chính", 5, Align.Center), new("Bản sao", 5, Align.Center)],
            documents.Select((x, i) => (IReadOnlyList<string>)[(i + 1).ToString(), x.Name, Count(x.Originals), Count(x.Copies)]).ToList(),
            s.Font(8 * b.K), s.Font(8 * b.K, FontStyle.Bold));
        s.Y += 3 * b.K;
        b.Item(b.B("2. Số lượng hồ sơ: "), b.R("01 (bộ)"));
        b.Item(b.B("3. Thời gian giải quyết hồ sơ theo quy định: "), b.R(d.ProcessingTime ?? "……"));
        b.Item(b.B("4. Thời gian nhận hồ sơ: "), b.R(VnTime.Moment(d.ReceivedAt)));
        b.Item(b.B("5. Thời gian trả kết quả giải quyết hồ sơ: "), b.R(VnTime.Moment(d.AppointmentAt)));
        b.Item(b.B("6. Phí, lệ phí: "), b.R(d.Fees.Count == 0 ? "Không" : ""));
        foreach (var fee in d.Fees) b.Item(b.R($"   - {fee.Name}: "), b.R(VnTime.Money(fee.Amount)));
        if (d.Fees.Count > 1) b.Item(b.R("   Tổng cộng: "), b.B(VnTime.Money(d.Fees.Sum(f => f.Amount))));
        b.Item(b.B("7. Đăng ký nhận kết quả: "), b.R(d.ReturnChannel));
        b.Signatures(("NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", d.ApplicantName), ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", d.ReceivedBy));
    }

    private static void Supplement(Body b, FormDossier d)
    {
        b.P(b.R($"Ngày {VnTime.Date(d.ReceivedAt)}, {d.AgencyName} tiếp nhận hồ sơ của: {Applicant} "), b.B(d.ApplicantName));
        b.Applicant(d);
        b.Item(b.R("Thời gian hẹn trả kết quả (trước khi bổ sung): "), b.R(VnTime.Moment(d.AppointmentAt)));
        b.P(b.R($"Sau khi xem xét thành phần hồ sơ, đề nghị {Applicant} bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"));
        var items = Lines(d.Reason).Concat(d.Documents.Where(x => !x.Received).Select(x => $"Bổ sung: {x.Name}")).ToList();
        if (items.Count == 0) items.Add("……………………………………");
        for (var i = 0; i < items.Count; i++) b.Item(b.R($"{i + 1}. {items[i]}"));
        var contact = string.IsNullOrWhiteSpace(d.AgencyAddress) ? d.AgencyName : $"{d.AgencyName}, {d.AgencyAddress}";
        b.P(b.R($"Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, {Applicant} liên hệ với {d.ReceivedBy} tại {contact} để được hướng dẫn."));
        b.Signatures(null, ("NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", d.ReceivedBy));
    }

    private static void Refusal(Body b, FormDossier d)
    {
        b.P(b.R($"Ngày {VnTime.Date(d.ReceivedAt)}, {d.AgencyName} tiếp nhận hồ sơ của: {Applicant} "), b.B(d.ApplicantName));
        b.Applicant(d);
        b.P(b.R($"Qua nghiên cứu, đối chiếu với quy định hiện hành, {d.AgencyName} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"));
        foreach (var line in Lines(d.Reason).DefaultIfEmpty("……………………………………")) b.Item(b.R(line));
        b.P(b.R($"Xin thông báo để {Applicant} biết và thực hiện./."));
        b.Signatures(null, ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", d.ReceivedBy));
    }

    private static void Apology(Body b, FormDossier d, FormSet set)
    {
        b.P(b.R($"Ngày {VnTime.Date(d.ReceivedAt)}, {d.AgencyName} tiếp nhận giải quyết hồ sơ của: {Applicant} "), b.B(d.ApplicantName));
        b.Applicant(d);
        b.Item(b.R("Thời gian hẹn trả kết quả giải quyết hồ sơ: "), b.B(VnTime.Moment(d.AppointmentAt)));
        b.P(b.R($"Tuy nhiên đến nay, {d.AgencyName} chưa trả kết quả giải quyết hồ sơ của {Applicant}."));
        b.P(b.R("Lý do: "), b.R(string.Join(" ", Lines(d.Reason).DefaultIfEmpty("……………………………………"))));
        var when = d.NewAppointmentAt is { } n ? VnTime.Moment(n) : "……";
        if (set == FormSet.Circular01_2018)
        {
            b.P(b.R($"Sự chậm trễ này đã gây phiền hà cho {Applicant}. {d.AgencyName} xin lỗi {Applicant} và sẽ trả kết quả giải quyết hồ sơ cho {Applicant} vào: "), b.B(when));
        }
        else
        {
            // Circular 03/2025 turns the apology into a request: the applicant is asked to agree to the extension.
            b.P(b.R($"Sự chậm trễ này đã gây phiền hà cho {Applicant}. {d.AgencyName} xin lỗi {Applicant} và đề nghị {Applicant} đồng ý gia hạn thời gian giải quyết hồ sơ đến: "), b.B(when));
        }
        b.P(b.R("Xin trân trọng cảm ơn./."));
        b.Signatures(null, ("THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)", null));
    }

    private static void StopNotice(Body b, FormDossier d)
    {
        b.P(b.R($"Ngày {VnTime.Date(d.ReceivedAt)}, {d.AgencyName} tiếp nhận hồ sơ của: {Applicant} "), b.B(d.ApplicantName));
        b.Applicant(d);
        b.P(b.R($"{d.AgencyName} thông báo dừng giải quyết hồ sơ nêu trên với lý do:"));
        foreach (var line in Lines(d.Reason).DefaultIfEmpty("……………………………………")) b.Item(b.R(line));
        b.P(b.R($"Xin thông báo để {Applicant} biết./."));
        b.Signatures(null, ("THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)", null));
    }

    private static void ControlSheet(Body b, FormDossier d)
    {
        var s = b.Sheet;
        s.Paragraph([b.I("(Kèm theo hồ sơ của: "), b.B(d.ApplicantName), b.I(")")], Align.Center, spaceAfter: 6);
        b.Item(b.R("Thủ tục: "), b.R(d.ProcedureName), b.I($" (mã thủ tục {d.ProcedureCode})"));
        b.Item(b.R("Cơ quan giải quyết: "), b.R(d.AgencyName));
        b.Item(b.R("Thời gian nhận hồ sơ: "), b.R(VnTime.Moment(d.ReceivedAt)));
        b.Item(b.R("Thời gian hẹn trả kết quả: "), b.B(VnTime.Moment(d.AppointmentAt)));
        b.Item(b.R("Nơi nhận kết quả: "), b.R(d.ReturnChannel));
        s.Y += 4;
        var rows = d.Steps.Select((x, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(), x.StepName, x.GivenBy, x.ReceivedBy, VnTime.DateTimeShort(x.GivenAt),
            x.DueAt is { } due ? VnTime.DateTimeShort(due) : "", x.Result ?? "", x.Comment ?? "",
        ]).ToList();
        s.Table(
        [
            new("STT", 4, Align.Center), new("Bước xử lý", 13), new("Người/bộ phận giao", 12), new("Người/bộ phận nhận", 12),
            new("Thời gian giao, nhận", 9, Align.Center), new("Hạn xử lý", 9, Align.Center),
            new("Kết quả (Trước hạn/ Đúng hạn/ Quá hạn)", 9, Align.Center), new("Ghi chú", 9),
        ], rows, s.Font(8.5), s.Font(8.5, FontStyle.Bold));
    }

    private static string Count(int n) => n == 0 ? "" : n.ToString("00");

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
