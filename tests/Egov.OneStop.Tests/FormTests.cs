using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Egov.OneStop.Forms;

namespace Egov.OneStop.Tests;

/// <summary>The one-stop forms rendered and read back: text through poppler's pdftotext, fonts through pdffonts,
/// the QR through zbarimg on a page rendered by pdftoppm (Debian's poppler-utils and zbar-tools, installed by test.sh).
/// Set EGOV_FORMS_OUT to a folder to keep the PDFs for a look.</summary>
public class FormTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private const string Code = "000.00.38.H56-251201-0001";
    private const string ApplicantName = "Nguyễn Thị Hồng Nhung";

    /// <summary>Issued in the 2018 set (June 2025) and the 2025 set (December 2025).</summary>
    public static TheoryData<FormKind, DateTime> KindsInBothSets()
    {
        var data = new TheoryData<FormKind, DateTime>();
        foreach (var kind in Enum.GetValues<FormKind>())
        {
            if (kind != FormKind.StopNotice) data.Add(kind, Utc(2025, 6, 20, 9, 0));
            data.Add(kind, Utc(2025, 12, 2, 9, 0));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KindsInBothSets))]
    public void Each_form_prints_its_title_number_code_and_applicant_in_an_embedded_font_with_the_qr(FormKind kind, DateTime issuedAt)
    {
        var set = FormSets.For(issuedAt);
        var pdf = new FormRenderer().Render(kind, Dossier(), issuedAt);
        if (kind != FormKind.Register) Assert.Equal(1, PageCount(pdf)); // each form fits its one sheet
        using var file = new TempPdf(pdf, $"{kind}-{set}");

        var text = file.Text();
        Assert.Contains(FormSets.Title(kind, set), text);
        Assert.Contains(FormSets.Number(set, kind)!, text);
        Assert.Contains(set == FormSet.Circular01_2018 ? "01/2018/TT-VPCP" : "03/2025/TT-VPCP", text);
        Assert.Contains(Code, text);
        Assert.Contains(ApplicantName, text);
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
        Assert.Contains("Độc lập - Tự do - Hạnh phúc", text);
        Assert.Contains("UBND TỈNH THANH HÓA", text);
        // The appointment (26/11… Vietnam time) is on the forms that carry it; the fee only on the receipt.
        if (kind is FormKind.Receipt or FormKind.SupplementRequest or FormKind.Apology or FormKind.ControlSheet or FormKind.Register)
            Assert.Contains("02/12/2025", text);
        if (kind is FormKind.Receipt or FormKind.Apology or FormKind.ControlSheet)
            Assert.Contains("16 giờ 30 phút, ngày 02/12/2025", text);
        if (kind == FormKind.Receipt)
        {
            Assert.Contains("8.000 đồng", text);
            Assert.Contains("1.250.000 đồng", text);
            Assert.Contains("Tờ khai đăng ký khai sinh", text);
            Assert.Contains("09 giờ 15 phút, ngày 01/12/2025", text); // received 02:15 UTC
        }
        if (kind == FormKind.ControlSheet)
        {
            Assert.Contains("Đúng hạn", text);
            Assert.Contains("Quá hạn", text);
            Assert.Contains("Công chức tư pháp - hộ tịch", text);
        }

        // Every font is our Noto Serif, embedded as a TrueType program (FontFile2), none taken from the system.
        Assert.Contains("/FontFile2", Encoding.Latin1.GetString(pdf));
        var fonts = file.Run("pdffonts").Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.Matches(@"Noto ?Serif.*\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", f));

        if (kind != FormKind.Register)
        {
            Assert.Contains("image", file.Run("pdfimages", "-list"));
            Assert.Equal(Code, file.Qr());
        }
    }

    [Fact]
    public void The_2018_set_has_no_stop_notice()
    {
        Assert.Null(FormSets.Number(FormSet.Circular01_2018, FormKind.StopNotice));
        Assert.Equal("Mẫu số 05", FormSets.Number(FormSet.Circular03_2025, FormKind.StopNotice));
        Assert.Throws<NotSupportedException>(() => new FormRenderer().Render(FormKind.StopNotice, Dossier(), Utc(2025, 6, 20, 9, 0)));
    }

    [Fact]
    public void The_form_set_switches_at_midnight_of_1_July_2025_Vietnam_time()
    {
        var lastOld = new DateTimeOffset(2025, 6, 30, 23, 0, 0, Vn).UtcDateTime;
        var firstNew = new DateTimeOffset(2025, 7, 1, 0, 0, 0, Vn).UtcDateTime;
        Assert.Equal(FormSet.Circular01_2018, FormSets.For(lastOld));
        Assert.Equal(FormSet.Circular01_2018, FormSets.For(firstNew.AddTicks(-1)));
        Assert.Equal(FormSet.Circular03_2025, FormSets.For(firstNew));
        Assert.Equal("Mẫu số 06", FormSets.Number(FormSet.Circular01_2018, FormKind.Register));
        Assert.Equal("Mẫu số 07", FormSets.Number(FormSet.Circular03_2025, FormKind.Register));
    }

    [Fact]
    public void Decomposed_input_prints_as_precomposed_vietnamese()
    {
        var dossier = Dossier() with { ApplicantName = "Trần Văn Đức".Normalize(NormalizationForm.FormD) };
        using var file = new TempPdf(new FormRenderer().Render(FormKind.Receipt, dossier, Utc(2025, 12, 2, 9, 0)), "nfd");
        Assert.Contains("Trần Văn Đức", file.Text());
    }

    [Fact]
    public void Every_vietnamese_letter_comes_back_from_the_pdf_exactly()
    {
        // All 67 lowercase letters with their capitals, more than the 256 codes of a single-byte font together with ASCII:
        // the writer draws glyph ids through Identity-H and maps them back with ToUnicode.
        const string letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        const string sentence = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả — Nguyễn Thị Hồng Nhung, Đặng Văn Đức, ỷ ữ ẫ ặ";
        var words = (letters + letters.ToUpperInvariant()).Chunk(12).Select(c => new string(c)).ToList(); // short enough not to be cut
        var dossier = Dossier() with { ApplicantName = string.Join(" ", words), Reason = sentence };
        using var file = new TempPdf(new FormRenderer().Render(FormKind.SupplementRequest, dossier, Utc(2025, 12, 2, 9, 0)), "alphabet");
        var text = file.Text();
        Assert.All(words, w => Assert.Contains(w, text));
        Assert.Contains(sentence, text);
    }

    [Fact]
    public void The_register_lists_one_row_per_dossier_in_pdf_and_excel()
    {
        var dossiers = Enumerable.Range(1, 45).Select(i => Dossier() with
        {
            Code = $"000.00.38.H56-251201-{i:0000}",
            ApplicantName = i % 2 == 0 ? ApplicantName : $"Lê Văn Dũng {i}",
            ReturnedAt = i % 3 == 0 ? Utc(2025, 12, 2, 3, 0) : null,
            StatusName = i % 3 == 0 ? "Đã trả kết quả" : "Đang giải quyết",
        }).ToList();
        var renderer = new FormRenderer();
        var from = new DateOnly(2025, 12, 1);
        var to = new DateOnly(2025, 12, 31);

        using var file = new TempPdf(renderer.RegisterPdf("Bộ phận Một cửa xã Quảng Phú", from, to, dossiers, Utc(2026, 1, 2, 9, 0)), "register-45");
        var text = file.Text();
        Assert.Contains("SỔ THEO DÕI HỒ SƠ", text);
        Assert.Contains("Mẫu số 07", text);
        Assert.Contains("Từ ngày 01/12/2025 đến ngày 31/12/2025", text);
        Assert.All(dossiers, d => Assert.Contains(d.Code, text));
        Assert.Contains("Ngày có kết quả/trả", text);
        Assert.Contains("Trang 2/", text); // 45 rows take more than one page, header repeated
        Assert.True(Regex.Matches(text, "Mã hồ sơ").Count >= 2);

        using var workbook = new XLWorkbook(new MemoryStream(renderer.RegisterExcel("Bộ phận Một cửa xã Quảng Phú", from, to, dossiers)));
        var sheet = workbook.Worksheet(1);
        var header = sheet.Row(5).Cells(1, 9).Select(c => c.GetString()).ToArray();
        Assert.Equal(["STT", "Mã hồ sơ", "Tên thủ tục", "Người nộp", "Ngày nhận", "Ngày hẹn trả", "Ngày có kết quả/trả", "Tình trạng", "Ghi chú"], header);
        Assert.Equal("SỔ THEO DÕI HỒ SƠ", sheet.Cell(2, 1).GetString());
        Assert.Equal(5 + dossiers.Count, sheet.LastRowUsed()!.RowNumber());
        for (var i = 0; i < dossiers.Count; i++)
        {
            var row = sheet.Row(6 + i);
            Assert.Equal(i + 1, row.Cell(1).GetValue<int>());
            Assert.Equal(dossiers[i].Code, row.Cell(2).GetString());
            Assert.Equal("Đăng ký khai sinh (có yếu tố nước ngoài)", row.Cell(3).GetString());
            Assert.Equal(dossiers[i].ApplicantName, row.Cell(4).GetString());
            Assert.Equal(new DateTime(2025, 12, 1, 9, 15, 0), row.Cell(5).GetDateTime()); // Vietnam time
            Assert.Equal(dossiers[i].StatusName, row.Cell(8).GetString());
        }
    }

    private static int PageCount(byte[] pdf) => Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page\b").Count;

    private static DateTime Utc(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    private static FormDossier Dossier() => new(
        Code, "1.001193.000.00.00.H56", "Đăng ký khai sinh (có yếu tố nước ngoài)",
        "Bộ phận Một cửa xã Quảng Phú", "UBND tỉnh Thanh Hóa", "Số 12 đường Lê Lợi, xã Quảng Phú, tỉnh Thanh Hóa",
        ApplicantName, "038195012345", "0912 345 678", "nhung.nguyen@example.vn", "Thôn Phú Lộc, xã Quảng Phú, tỉnh Thanh Hóa",
        ReceivedAt: Utc(2025, 12, 1, 2, 15), AppointmentAt: Utc(2025, 12, 2, 9, 30), ReceivedBy: "Lê Thị Thu Hà", ReturnChannel: "Tại bộ phận một cửa",
        Documents:
        [
            new("Tờ khai đăng ký khai sinh", 1, 0, true),
            new("Giấy chứng sinh", 1, 1, true),
            new("Giấy tờ tùy thân của người yêu cầu (căn cước, hộ chiếu)", 0, 2, true),
            new("Giấy chứng nhận kết hôn của cha mẹ", 0, 1, false),
        ],
        Fees: [new("Lệ phí đăng ký khai sinh", 8_000), new("Phí dịch thuật, chứng thực", 1_242_000)],
        Steps:
        [
            new("Lê Thị Thu Hà (Bộ phận Một cửa)", "Phạm Văn Quý", "Tiếp nhận, chuyển thẩm định", Utc(2025, 12, 1, 2, 20), Utc(2025, 12, 1, 3, 15), "Đúng hạn", null),
            new("Phạm Văn Quý", "Công chức tư pháp - hộ tịch", "Thẩm định hồ sơ", Utc(2025, 12, 1, 4, 0), Utc(2025, 12, 1, 9, 0), "Trước hạn", "Hồ sơ đủ điều kiện"),
            new("Công chức tư pháp - hộ tịch", "Chủ tịch UBND xã", "Trình ký", Utc(2025, 12, 2, 1, 0), Utc(2025, 12, 2, 3, 0), "Quá hạn", "Lãnh đạo đi công tác"),
        ],
        Reason: "Bổ sung bản sao Giấy chứng nhận kết hôn của cha mẹ.\nGhi rõ quốc tịch của cha trong tờ khai.",
        NewAppointmentAt: Utc(2025, 12, 4, 9, 30), StatusName: "Đang giải quyết", ReturnedAt: null,
        Place: "Quảng Phú", ProcessingTime: "01 ngày làm việc");

    /// <summary>A PDF on disk for the poppler and zbar tools; removed afterwards unless EGOV_FORMS_OUT keeps a copy.</summary>
    internal sealed class TempPdf : IDisposable
    {
        private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("egov-form-").FullName;
        private readonly string _path;

        public TempPdf(byte[] pdf, string name)
        {
            _path = Path.Combine(_dir, "form.pdf");
            File.WriteAllBytes(_path, pdf);
            if (Environment.GetEnvironmentVariable("EGOV_FORMS_OUT") is { Length: > 0 } keep)
            {
                System.IO.Directory.CreateDirectory(keep);
                File.WriteAllBytes(Path.Combine(keep, name + ".pdf"), pdf);
            }
        }

        /// <summary>The text in reading order with all whitespace (line breaks of wrapped lines too) as single spaces.</summary>
        public string Text() => Regex.Replace(Exec("pdftotext", ["-enc", "UTF-8", _path, "-"]), @"\s+", " ");

        public string Qr()
        {
            var page = Path.Combine(_dir, "page");
            Exec("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", _path, page]);
            return Exec("zbarimg", ["-q", "--raw", page + ".png"]).Trim();
        }

        /// <summary>Runs a poppler tool on the PDF (given last) and returns its output.</summary>
        public string Run(string tool, params string[] args) => Exec(tool, [.. args, _path]);

        private static string Exec(string tool, string[] args)
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
            foreach (var a in args) start.ArgumentList.Add(a);
            Process process;
            try { process = Process.Start(start)!; }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"{tool} is missing: install Debian's poppler-utils and zbar-tools (test.sh does).", e);
            }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {stderr.Result}");
                return stdout.Result;
            }
        }

        public void Dispose() => System.IO.Directory.Delete(_dir, recursive: true);
    }
}
