using System.Text;

namespace Egov.OneStop.Forms;

internal enum Align { Left, Center, Right }

internal enum PageSize { A4, A5 }

internal enum PageOrientation { Portrait, Landscape }

/// <summary>A face at a size: the metrics the layout needs (line height, ascent, text width).</summary>
internal sealed class PdfFont(TrueTypeFace face, double size)
{
    public TrueTypeFace Face { get; } = face;
    public double Size { get; } = size;

    /// <summary>The line height: ascender + descender + line gap (hhea).</summary>
    public double GetHeight() => (Face.Ascender - Face.Descender + Face.LineGap) * Size / Face.UnitsPerEm;

    public double Ascent => Face.Ascender * Size / Face.UnitsPerEm;

    public double Measure(string text) => Face.Measure(text, Size);
}

/// <summary>A piece of text in one font; a line of a form is made of runs ("Mã hồ sơ: " + bold code).</summary>
internal readonly record struct Run(string Text, PdfFont Font);

/// <summary>A minimal flow layout on top of <see cref="PdfWriter"/>: wrapped rich text, bordered tables that break
/// across pages with their header repeated, and images. Coordinates are points from the page's top-left corner.</summary>
internal sealed class PdfSheet : IDisposable
{
    private readonly PdfWriter _doc = new();
    private readonly double _pageWidth, _pageHeight;
    private readonly string _title;
    private readonly Dictionary<(double, FontStyle), PdfFont> _fonts = [];
    private PdfWriterPage? _page;

    public PdfSheet(PageSize size, PageOrientation orientation, double marginMm, string title)
    {
        // ISO 216 sizes in whole points.
        var (width, height) = size switch { PageSize.A4 => (595.0, 842.0), _ => (420.0, 595.0) };
        (_pageWidth, _pageHeight) = orientation == PageOrientation.Landscape ? (height, width) : (width, height);
        Margin = marginMm * 72 / 25.4;
        _title = title;
        NewPage();
    }

    public double Margin { get; }
    public double Y { get; set; }
    public double Left => Margin;
    public double Width => PageWidth - 2 * Margin;
    public double PageWidth => _page!.Width;
    public double Bottom => _page!.Height - Margin;

    public PdfFont Font(double size, FontStyle style = FontStyle.Regular)
    {
        if (!_fonts.TryGetValue((size, style), out var font))
            _fonts[(size, style)] = font = new PdfFont(FormFonts.Face(style), size);
        return font;
    }

    public void NewPage()
    {
        _page = _doc.AddPage(_pageWidth, _pageHeight);
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
                var ascent = line.Max(r => r.Font.Ascent);
                foreach (var run in line)
                {
                    // Runs share one baseline so a bold code sits level with the label before it.
                    Draw(_page!, run, left, top + ascent);
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

    public void Paragraph(string text, PdfFont font, Align align = Align.Left, double indent = 0, double spaceAfter = 2) =>
        Paragraph([new Run(text, font)], align, indent, spaceAfter);

    public void Line(double x1, double y1, double x2, double y2, double width = 0.6) => _page!.Line(x1, y1, x2, y2, width);

    /// <summary>A grey image (one byte a pixel, rows from the top) scaled into a square without smoothing, so QR modules stay crisp.</summary>
    public void Image(GrayImage image, double x, double y, double size) =>
        _page!.Image(_doc.Image(image.Width, image.Height, image.Pixels), x, y, size, size);

    /// <summary>A bordered table; rows that do not fit go to the next page under a repeated header.</summary>
    public void Table(IReadOnlyList<Column> columns, IReadOnlyList<IReadOnlyList<string>> rows, PdfFont font, PdfFont headerFont, double pad = 3)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => c.Weight / total * Width).ToArray();

        double RowHeight(IReadOnlyList<string> cells, PdfFont f) =>
            cells.Select((c, i) => Text([new Run(c, f)], 0, widths[i] - 2 * pad, 0, draw: false)).Max() + 2 * pad;

        void DrawRow(IReadOnlyList<string> cells, PdfFont f, bool header)
        {
            var height = RowHeight(cells, f);
            var x = Left;
            for (var i = 0; i < cells.Count; i++)
            {
                _page!.Rectangle(x, Y, widths[i], height, 0.5);
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

    /// <summary>"Trang x/y" at the bottom of every page, once all pages exist: centred on a line half a margin above the
    /// page's bottom edge, the baseline 3/8 of the ascent below it (about where the middle of a capital falls).</summary>
    public void NumberPages(PdfFont font)
    {
        var count = _doc.Pages.Count;
        for (var i = 0; i < count; i++)
        {
            var page = _doc.Pages[i];
            var run = new Run($"Trang {i + 1}/{count}", font);
            var middle = page.Height - Margin / 2;
            Draw(page, run, (page.Width - Measure(run)) / 2, middle + font.Ascent * 3 / 8);
        }
    }

    public byte[] Save() => _doc.Save(_title, "Egov");

    public void Dispose()
    {
        // Nothing unmanaged is held; kept disposable so callers keep their using blocks.
    }

    public double Measure(Run run) => run.Font.Measure(run.Text);

    private void Draw(PdfWriterPage page, Run run, double x, double baseline) =>
        page.Text(_doc.Font(run.Font.Face), run.Font.Size, x, baseline, run.Text.Normalize(NormalizationForm.FormC));

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
            // Input may come decomposed (NFD); the writer does no mark positioning, so precomposed letters are needed.
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

/// <summary>An 8-bit grey bitmap, rows from the top.</summary>
internal sealed record GrayImage(int Width, int Height, byte[] Pixels);

/// <summary>A table column: header text, relative width and the alignment of its cells.</summary>
internal sealed record Column(string Header, double Weight, Align Align = Align.Left);
