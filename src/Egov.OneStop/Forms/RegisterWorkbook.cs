using ClosedXML.Excel;

namespace Egov.OneStop.Forms;

/// <summary>The tracking register as an .xlsx: title block (rows 1–3), header on row 5, one row per dossier below.</summary>
internal static class RegisterWorkbook
{
    public const int HeaderRow = 5;

    // Widths are set by hand: ClosedXML's AdjustToContents measures with System.Drawing, which is Windows-only.
    private static readonly double[] Widths = [6, 28, 45, 24, 12, 12, 16, 16, 30];

    public static byte[] Build(string agencyName, DateOnly from, DateOnly to, IReadOnlyList<FormDossier> dossiers,
        IReadOnlyList<string> columns, Func<int, FormDossier, string[]> row)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Sổ theo dõi hồ sơ");
        var last = columns.Count;

        void Banner(int r, string text, bool bold, double size)
        {
            var range = sheet.Range(r, 1, r, last).Merge();
            range.Value = text;
            range.Style.Font.Bold = bold;
            range.Style.Font.FontSize = size;
            range.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        }
        Banner(1, agencyName.ToUpperInvariant(), true, 12);
        Banner(2, FormSets.Title(FormKind.Register, FormSet.Circular03_2025), true, 14);
        Banner(3, $"Từ ngày {VnTime.DateOnlyText(from)} đến ngày {VnTime.DateOnlyText(to)}", false, 11);

        for (var c = 0; c < last; c++)
        {
            var cell = sheet.Cell(HeaderRow, c + 1);
            cell.Value = columns[c];
            cell.Style.Font.Bold = true;
            cell.Style.Alignment.WrapText = true;
            cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
            cell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
            sheet.Column(c + 1).Width = c < Widths.Length ? Widths[c] : 15;
        }

        for (var i = 0; i < dossiers.Count; i++)
        {
            var d = dossiers[i];
            var values = row(i, d);
            var r = HeaderRow + 1 + i;
            sheet.Cell(r, 1).Value = i + 1;
            for (var c = 1; c < values.Length; c++) sheet.Cell(r, c + 1).Value = values[c];
            // Dates as real dates (Vietnam time) so the register sorts and filters in Excel.
            SetDate(sheet.Cell(r, 5), d.ReceivedAt);
            SetDate(sheet.Cell(r, 6), d.AppointmentAt);
            if (d.ReturnedAt is { } returned) SetDate(sheet.Cell(r, 7), returned);
        }

        var table = sheet.Range(HeaderRow, 1, HeaderRow + Math.Max(dossiers.Count, 0), last);
        table.Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        table.Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        table.Style.Alignment.WrapText = true;
        table.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        sheet.SheetView.FreezeRows(HeaderRow);
        sheet.Range(HeaderRow, 1, HeaderRow + dossiers.Count, last).SetAutoFilter();

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    private static void SetDate(IXLCell cell, DateTime utc)
    {
        cell.Value = VnTime.Local(utc);
        cell.Style.DateFormat.Format = "dd/MM/yyyy";
    }
}
