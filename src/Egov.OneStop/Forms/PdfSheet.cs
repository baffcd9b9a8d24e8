using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Egov.OneStop.Forms;

internal enum Align { Left, Center, Right }

/// <summary>A piece of text in one font; a line of a form is made of runs ("Mã hồ sơ: " + bold code).</summary>
internal readonly record struct Run(string Text, XFont Font);

/// <summary>A minimal flow layout on top of PDFsharp's XGraphics: wrapped rich text, bordered tables that break
/// across pages with their header repeated, and images. MigraDoc would do this, but the package mirror only has
/// PDFsharp core, and the forms need little more than this.</summary>
internal sealed class PdfSheet : IDisposable
{
    private readonly PdfDocument _doc = NewDocument();
    private readonly PageSize _size;
    private readonly PageOrientation _orientation;
    private readonly Dictionary<(double, XFontStyleEx), XFont> _fonts = [];
    private XGraphics? _g;
    private PdfPage? _page;

    public PdfSheet(PageSize size, PageOrientation orientation, double marginMm, string title)
    {
        FormFonts.Install();
        _size = size;
        _orientation = orientation;
        Margin = XUnit.FromMillimeter(marginMm).Point;
        _doc.Info.Title = title;
        _doc.Info.Creator = "Egov";
        NewPage();
    }

    public double Margin { get; }

    /// <summary>PDFsharp 6.5 (the version on the package mirror) is AGPL-3.0 or commercial and refuses to work until the
    /// host chooses; choosing is a licensing decision for the product, so this module never makes it by itself.</summary>
    private static PdfDocument NewDocument()
    {
        try
        {
            return new PdfDocument();
        }
        catch (PdfSharp.License.PdfSharpLicenseException e)
        {
            throw new InvalidOperationException("PDFsharp 6.5 needs a licence choice before forms can be rendered: the host must call " +
                "PdfSharpLicense.LoadLicense(commercialKey) or, if the product is AGPL-3.0, PdfSharpLicense.SetAgplLicense().", e);
        }
    }
    public double Y { get; set; }
    public double Left => Margin;
    public double Width => PageWidth - 2 * Margin;
    public double PageWidth => _page!.Width.Point;
    public double Bottom => _page!.Height.Point - Margin;
    public XGraphics G => _g!;

    public XFont Font(double size, XFontStyleEx style = XFontStyleEx.Regular)
    {
        if (!_fonts.TryGetValue((size, style), out var font))
            _fonts[(size, style)] = font = new XFont(FormFonts.Family, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode));
        return font;
    }

    public void NewPage()
    {
        _g?.Dispose();
        _page = _doc.AddPage();
        _page.Size = _size;
        _page.Orientation = _orientation;
        _g = XGraphics.FromPdfPage(_page);
        Y = Margin;
    }

    /// <summary>Starts a new page when <paramref name="height"/> does not fit below the cursor.</summary>
    public void Ensure(double height)
    {
        if (Y + height > Bottom && Y > Margin + 1) NewPage();
    }

    /// <summary>Wraps and draws runs in a box at the cursor row; returns the height used. With draw false it only measures.</summary>
    public double Text(IReadOnlyList<Run> runs, double x, double width, double y, Align align = Align.Left, bool draw = true, double indent = 0)
    {
        var lines = Wrap(runs, width, indent);
        var top = y;
        var first = true;
        foreach (var line in lines)
        {
            var height = line.Count == 0 ? runs[0].Font.GetHeight() : line.Max(r => r.Font.GetHeight());
            if (draw && line.Count > 0)
            {
                var lineWidth = line.Sum(r => Measure(r));
                var offset = first ? indent : 0;
                var left = align switch
                {
                    Align.Center => x + (width - lineWidth) / 2,
                    Align.Right => x + width - lineWidth,
                    _ => x + offset,
                };
                var ascent = line.Max(r => Ascent(r.Font));
                foreach (var run in line)
                {
                    // Runs share one baseline so a bold code sits level with the label before it.
                    G.DrawString(run.Text, run.Font, XBrushes.Black, left, top + ascent, XStringFormats.BaseLineLeft);
                    left += Measure(run);
                }
            }
            top += height; // the font's line height already carries its line gap
            first = false;
        }
        return top - y;
    }

    /// <summary>A paragraph across the full width at the cursor, moving the cursor down (and to a new page if needed).</summary>
    public void Paragraph(IReadOnlyList<Run> runs, Align align = Align.Left, double indent = 0, double spaceAfter = 2, double leftPad = 0)
    {
        var height = Text(runs, Left + leftPad, Width - leftPad, Y, align, draw: false, indent);
        Ensure(height);
        Y += Text(runs, Left + leftPad, Width - leftPad, Y, align, draw: true, indent) + spaceAfter;
    }

    public void Paragraph(string text, XFont font, Align align = Align.Left, double indent = 0, double spaceAfter = 2) =>
        Paragraph([new Run(text, font)], align, indent, spaceAfter);

    public void Line(double x1, double y1, double x2, double y2, double width = 0.6) =>
        G.DrawLine(new XPen(XColors.Black, width), x1, y1, x2, y2);

    public void Image(byte[] bitmap, double x, double y, double size)
    {
        using var stream = new MemoryStream(bitmap);
        using var image = XImage.FromStream(stream);
        image.Interpolate = false; // keep the QR modules crisp when scaled
        G.DrawImage(image, x, y, size, size);
    }

    /// <summary>A bordered table; rows that do not fit go to the next page under a repeated header.</summary>
    public void Table(IReadOnlyList<Column> columns, IReadOnlyList<IReadOnlyList<string>> rows, XFont font, XFont headerFont, double pad = 3)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => c.Weight / total * Width).ToArray();

        double RowHeight(IReadOnlyList<string> cells, XFont f) =>
            cells.Select((c, i) => Text([new Run(c, f)], 0, widths[i] - 2 * pad, 0, draw: false)).Max() + 2 * pad;

        void DrawRow(IReadOnlyList<string> cells, XFont f, bool header)
        {
            var height = RowHeight(cells, f);
            var x = Left;
            for (var i = 0; i < cells.Count; i++)
            {
                G.DrawRectangle(new XPen(XColors.Black, 0.5), x, Y, widths[i], height);
                var align = header ? Align.Center : columns[i].Align;
                Text([new Run(cells[i], f)], x + pad, widths[i] - 2 * pad, Y + pad, align);
                x += widths[i];
            }
            Y += height;
        }

        var head = columns.Select(c => c.Header).ToList();
        var headHeight = RowHeight(head, headerFont);
        Ensure(headHeight + (rows.Count > 0 ? RowHeight(rows[0], font) : 0));
        DrawRow(head, headerFont, header: true);
        foreach (var row in rows)
        {
            var height = RowHeight(row, font);
            if (Y + height > Bottom)
            {
                NewPage();
                DrawRow(head, headerFont, header: true);
            }
            DrawRow(row, font, header: false);
        }
    }

    /// <summary>"Trang x/y" at the bottom of every page, once all pages exist.</summary>
    public void NumberPages(XFont font)
    {
        _g?.Dispose();
        _g = null;
        var count = _doc.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = _doc.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            g.DrawString($"Trang {i + 1}/{count}", font, XBrushes.Black,
                new XRect(0, page.Height.Point - Margin / 2 - 6, page.Width.Point, 12), XStringFormats.Center);
        }
    }

    public byte[] Save()
    {
        _g?.Dispose();
        _g = null;
        using var output = new MemoryStream();
        _doc.Save(output, closeStream: false);
        return output.ToArray();
    }

    public void Dispose()
    {
        _g?.Dispose();
        _doc.Dispose();
    }

    private double Measure(Run run) => G.MeasureString(run.Text, run.Font).Width;

    private static double Ascent(XFont font) =>
        font.GetHeight() * font.FontFamily.GetCellAscent(font.Style) / font.FontFamily.GetLineSpacing(font.Style);

    /// <summary>Greedy word wrap over runs; explicit newlines break lines; a word wider than the box is cut by characters.</summary>
    private List<List<Run>> Wrap(IReadOnlyList<Run> runs, double width, double indent)
    {
        var lines = new List<List<Run>>();
        var line = new List<Run>();
        var used = indent;

        void Break()
        {
            lines.Add(Merge(line));
            line = [];
            used = 0;
        }

        foreach (var run in runs)
        {
            // Input may come decomposed (NFD); PDFsharp does no mark positioning, so precomposed letters are needed.
            var text = run.Text.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n");
            var paragraphs = text.Split('\n');
            for (var p = 0; p < paragraphs.Length; p++)
            {
                if (p > 0) Break();
                foreach (var token in Tokens(paragraphs[p]))
                {
                    var piece = new Run(token, run.Font);
                    var w = Measure(piece);
                    var isSpace = token == " ";
                    if (isSpace && line.Count == 0 && lines.Count > 0) continue; // no leading space after a wrap
                    if (!isSpace && used + w > width && line.Count > 0) Break();
                    if (!isSpace && w > width)
                    {
                        foreach (var chunk in Cut(piece, width))
                        {
                            if (line.Count > 0) Break();
                            line.Add(chunk);
                            used = Measure(chunk);
                        }
                        continue;
                    }
                    line.Add(piece);
                    used += w;
                }
            }
        }
        if (line.Count > 0 || lines.Count == 0) lines.Add(Merge(line));
        return lines;
    }

    /// <summary>Words and single spaces, so a line can break between any two words of any run.</summary>
    private static IEnumerable<string> Tokens(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ' ') continue;
            if (i > start) yield return text[start..i];
            yield return " ";
            start = i + 1;
        }
        if (start < text.Length) yield return text[start..];
    }

    private IEnumerable<Run> Cut(Run run, double width)
    {
        var sb = new StringBuilder();
        foreach (var ch in run.Text)
        {
            if (sb.Length > 0 && Measure(new Run(sb.ToString() + ch, run.Font)) > width)
            {
                yield return run with { Text = sb.ToString() };
                sb.Clear();
            }
            sb.Append(ch);
        }
        if (sb.Length > 0) yield return run with { Text = sb.ToString() };
    }

    /// <summary>Joins neighbouring pieces of one font and drops trailing spaces, so each line draws as few strings as possible
    /// (which also keeps the extracted text clean).</summary>
    private static List<Run> Merge(List<Run> pieces)
    {
        while (pieces.Count > 0 && pieces[^1].Text == " ") pieces.RemoveAt(pieces.Count - 1);
        var merged = new List<Run>();
        foreach (var piece in pieces)
        {
            if (merged.Count > 0 && ReferenceEquals(merged[^1].Font, piece.Font))
                merged[^1] = merged[^1] with { Text = merged[^1].Text + piece.Text };
            else
                merged.Add(piece);
        }
        return merged;
    }
}

/// <summary>A table column: header text, relative width and the alignment of its cells.</summary>
internal sealed record Column(string Header, double Weight, Align Align = Align.Left);
