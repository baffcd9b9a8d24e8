using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Egov.OneStop.Forms;

/// <summary>A minimal PDF 1.7 writer, just enough for the forms: pages with Flate-compressed content streams, text in
/// embedded TrueType fonts, stroked lines and rectangles, and grey images. Coordinates are in points from the top-left
/// corner of the page (y grows downwards), as the layout thinks; the writer flips them into PDF's bottom-up space.
/// <para>Fonts are written as Type0 fonts with Identity-H encoding over a CIDFontType2: every character is drawn as its
/// two-byte glyph id, so any glyph of the font is reachable (no 256-character limit of simple fonts, which Vietnamese
/// with its ~134 precomposed letters plus ASCII would overflow). The font program (FontFile2) is a glyph subset; a /W
/// array gives the widths and a ToUnicode CMap maps the glyphs back to text for copying, search and pdftotext.</para>
/// <para>PDF structure references: ISO 32000-1 §7.5 (file structure), §9.7 (composite fonts), §9.10.3 (ToUnicode),
/// §8.9.5 (image dictionaries).</para></summary>
internal sealed class PdfWriter
{
    private readonly List<PdfWriterPage> _pages = [];
    private readonly List<PdfFontResource> _fonts = [];
    private readonly List<PdfImageResource> _images = [];

    public IReadOnlyList<PdfWriterPage> Pages => _pages;

    public PdfWriterPage AddPage(double width, double height)
    {
        var page = new PdfWriterPage(width, height);
        _pages.Add(page);
        return page;
    }

    /// <summary>The document's font resource for a face; one per face whatever the sizes drawn.</summary>
    public PdfFontResource Font(TrueTypeFace face)
    {
        var font = _fonts.FirstOrDefault(f => ReferenceEquals(f.Face, face));
        if (font is null) _fonts.Add(font = new PdfFontResource(face, $"F{_fonts.Count + 1}"));
        return font;
    }

    /// <summary>An 8-bit grey image, row by row from the top; drawn without smoothing (crisp QR modules).</summary>
    public PdfImageResource Image(int width, int height, byte[] gray)
    {
        if (gray.Length != width * height) throw new ArgumentException("One byte per pixel expected.", nameof(gray));
        var image = new PdfImageResource(width, height, gray, $"Im{_images.Count + 1}");
        _images.Add(image);
        return image;
    }

    public byte[] Save(string title, string creator)
    {
        // Object numbers first, so every reference is known before anything is written.
        var next = 1;
        int catalog = next++, pageTree = next++, info = next++, resources = next++;
        var fontObjects = _fonts.Select(_ => (Type0: next++, Cid: next++, Descriptor: next++, File: next++, ToUnicode: next++)).ToList();
        var imageObjects = _images.Select(_ => next++).ToList();
        var pageObjects = _pages.Select(_ => (Page: next++, Content: next++)).ToList();

        var output = new MemoryStream();
        var offsets = new long[next];
        void Begin(int number)
        {
            offsets[number] = output.Length;
            Ascii($"{number} 0 obj\n");
        }
        void Ascii(string text) => output.Write(Encoding.ASCII.GetBytes(text));
        void Object(int number, string body)
        {
            Begin(number);
            Ascii(body + "\nendobj\n");
        }
        void Stream(int number, string dictionary, byte[] data, bool compress = true)
        {
            var bytes = compress ? Deflate(data) : data;
            Begin(number);
            Ascii($"<<{dictionary}{(compress ? " /Filter /FlateDecode" : "")} /Length {bytes.Length}>>\nstream\n");
            output.Write(bytes);
            Ascii("\nendstream\nendobj\n");
        }

        Ascii("%PDF-1.7\n");
        output.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']); // binary marker: the file holds 8-bit data

        Object(catalog, $"<</Type /Catalog /Pages {pageTree} 0 R>>");
        Object(pageTree, $"<</Type /Pages /Kids [{string.Join(" ", pageObjects.Select(p => $"{p.Page} 0 R"))}] /Count {_pages.Count}>>");
        Object(info, $"<</Title {TextString(title)} /Creator {TextString(creator)} /Producer {TextString("Egov forms")} " +
            $"/CreationDate ({DateTime.UtcNow.ToString("'D:'yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture)})>>");
        Object(resources, "<</ProcSet [/PDF /Text /ImageB]" +
            $" /Font <<{string.Concat(_fonts.Select((f, i) => $" /{f.Name} {fontObjects[i].Type0} 0 R"))}>>" +
            $" /XObject <<{string.Concat(_images.Select((im, i) => $" /{im.Name} {imageObjects[i]} 0 R"))}>>>>");

        for (var i = 0; i < _fonts.Count; i++) WriteFont(_fonts[i], fontObjects[i]);

        for (var i = 0; i < _images.Count; i++)
        {
            var image = _images[i];
            Stream(imageObjects[i], $"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height}" +
                " /ColorSpace /DeviceGray /BitsPerComponent 8 /Interpolate false", image.Gray);
        }

        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            Object(pageObjects[i].Page, $"<</Type /Page /Parent {pageTree} 0 R /MediaBox [0 0 {Num(page.Width)} {Num(page.Height)}]" +
                $" /Resources {resources} 0 R /Contents {pageObjects[i].Content} 0 R>>");
            Stream(pageObjects[i].Content, "", Encoding.ASCII.GetBytes(page.Content.ToString()));
        }

        // Cross-reference table: one 20-byte line per object, then the trailer.
        var xref = output.Length;
        var table = new StringBuilder($"xref\n0 {next}\n0000000000 65535 f \n");
        for (var n = 1; n < next; n++) table.Append(CultureInfo.InvariantCulture, $"{offsets[n]:D10} 00000 n \n");
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {next} /Root {catalog} 0 R /Info {info} 0 R>>\nstartxref\n{xref}\n%%EOF\n");
        Ascii(table.ToString());
        return output.ToArray();

        void WriteFont(PdfFontResource font, (int Type0, int Cid, int Descriptor, int File, int ToUnicode) n)
        {
            var face = font.Face;
            var used = font.Used; // glyph id → the text it stands for
            // A subset is named with a tag of six capitals (ISO 32000-1 §9.6.4), here derived from the glyphs it holds.
            var hash = used.Keys.Aggregate(17u, (h, g) => unchecked(h * 31 + g));
            var tag = new string(Enumerable.Range(0, 6).Select(i => (char)('A' + (int)(hash >> (i * 5) & 31) % 26)).ToArray());
            var name = $"{tag}+{face.PostScriptName}";
            double Scale(double units) => Math.Round(units * 1000.0 / face.UnitsPerEm);

            Object(n.Type0, $"<</Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H" +
                $" /DescendantFonts [{n.Cid} 0 R] /ToUnicode {n.ToUnicode} 0 R>>");

            var widths = new StringBuilder();
            foreach (var glyph in used.Keys) widths.Append(CultureInfo.InvariantCulture, $" {glyph} [{Num(Math.Round(face.Advance1000(glyph)))}]");
            Object(n.Cid, $"<</Type /Font /Subtype /CIDFontType2 /BaseFont /{name}" +
                " /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>" +
                $" /FontDescriptor {n.Descriptor} 0 R /CIDToGIDMap /Identity /DW {Num(Math.Round(face.Advance1000(0)))} /W [{widths} ]>>");

            var italic = face.ItalicAngle != 0;
            var flags = 4 | 2 | (italic ? 64 : 0); // symbolic (glyphs addressed by id), serif, italic
            Object(n.Descriptor, $"<</Type /FontDescriptor /FontName /{name} /Flags {flags}" +
                $" /FontBBox [{string.Join(" ", face.BBox.Select(v => Num(Scale(v))))}] /ItalicAngle {Num(face.ItalicAngle)}" +
                $" /Ascent {Num(Scale(face.Ascender))} /Descent {Num(Scale(face.Descender))} /CapHeight {Num(Scale(face.CapHeight))}" +
                $" /StemV 80 /FontFile2 {n.File} 0 R>>");

            var program = face.Subset(used.Keys);
            Stream(n.File, $" /Length1 {program.Length}", program);
            Stream(n.ToUnicode, "", Encoding.ASCII.GetBytes(ToUnicode(used)));
        }
    }

    /// <summary>The CMap from two-byte glyph ids back to UTF-16BE text (ISO 32000-1 §9.10.3), at most 100 entries a block.</summary>
    private static string ToUnicode(SortedDictionary<ushort, string> used)
    {
        var cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
            "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var block in used.Chunk(100))
        {
            cmap.Append(CultureInfo.InvariantCulture, $"{block.Length} beginbfchar\n");
            foreach (var (glyph, text) in block)
                cmap.Append(CultureInfo.InvariantCulture, $"<{glyph:X4}> <{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>\n");
            cmap.Append("endbfchar\n");
        }
        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.ToString();
    }

    /// <summary>A text string for the document information: UTF-16BE with its byte order mark, as hex.</summary>
    private static string TextString(string text) =>
        $"<FEFF{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>";

    private static byte[] Deflate(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return buffer.ToArray();
    }

    /// <summary>A number as PDF writes it: invariant, at most three decimals, no exponent.</summary>
    internal static string Num(double value)
    {
        var text = Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }
}

/// <summary>One page: its size in points and its content stream, built by the drawing calls.</summary>
internal sealed class PdfWriterPage(double width, double height)
{
    public double Width { get; } = width;
    public double Height { get; } = height;
    internal StringBuilder Content { get; } = new();

    /// <summary>Draws text with its baseline starting at (x, baseline), y from the top of the page. The text should be
    /// NFC: each character is drawn as the font's glyph for it, without mark positioning.</summary>
    public void Text(PdfFontResource font, double size, double x, double baseline, string text)
    {
        var glyphs = new StringBuilder(text.Length * 4);
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = font.Face.Glyph(rune.Value);
            font.Used.TryAdd(glyph, rune.ToString());
            glyphs.Append(CultureInfo.InvariantCulture, $"{glyph:X4}");
        }
        Content.Append(CultureInfo.InvariantCulture,
            $"BT /{font.Name} {N(size)} Tf 1 0 0 1 {N(x)} {N(Height - baseline)} Tm <{glyphs}> Tj ET\n");
    }

    public void Line(double x1, double y1, double x2, double y2, double width) =>
        Content.Append(CultureInfo.InvariantCulture, $"{N(width)} w {N(x1)} {N(Height - y1)} m {N(x2)} {N(Height - y2)} l S\n");

    /// <summary>A stroked rectangle whose top-left corner is (x, y).</summary>
    public void Rectangle(double x, double y, double width, double height, double lineWidth) =>
        Content.Append(CultureInfo.InvariantCulture, $"{N(lineWidth)} w {N(x)} {N(Height - y - height)} {N(width)} {N(height)} re S\n");

    /// <summary>An image scaled into the box whose top-left corner is (x, y).</summary>
    public void Image(PdfImageResource image, double x, double y, double width, double height) =>
        Content.Append(CultureInfo.InvariantCulture, $"q {N(width)} 0 0 {N(height)} {N(x)} {N(Height - y - height)} cm /{image.Name} Do Q\n");

    private static string N(double value) => PdfWriter.Num(value);
}

/// <summary>A face used in a document, with the glyphs drawn so far (for the subset, /W and ToUnicode).</summary>
internal sealed class PdfFontResource(TrueTypeFace face, string name)
{
    public TrueTypeFace Face { get; } = face;
    public string Name { get; } = name;
    internal SortedDictionary<ushort, string> Used { get; } = [];
}

internal sealed record PdfImageResource(int Width, int Height, byte[] Gray, string Name);
