using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Egov.Platform.Files;

/// <summary>
/// Turns a photographed or scanned page (JPEG or PNG) into a one-page A4 PDF, so that a dossier's documents all open the
/// same way for the officer. The image is embedded without re-encoding where PDF can carry it as is: JPEG as DCTDecode,
/// PNG's compressed data with its PNG predictor (ISO 32000-1 §7.4.4.4); only PNGs with an alpha channel are decoded (the
/// alpha is dropped onto white). Interlaced and 16-bit-with-alpha PNGs are not converted (<see cref="Convert"/> gives null).
/// </summary>
public static class ImagePdf
{
    private const double A4Short = 595.28, A4Long = 841.89, Margin = 28.35;   // points; 1 cm margin

    /// <summary>The PDF of an inspected JPEG or PNG file, or null when it is not one or cannot be converted.</summary>
    public static byte[]? Convert(byte[] image, string contentType) => contentType switch
    {
        "image/jpeg" => Jpeg(image) is { } j ? Write(j) : null,
        "image/png" => Png(image) is { } p ? Write(p) : null,
        _ => null,
    };

    /// <summary>An inspected file as the dossier keeps it: images become PDF (same name, .pdf), everything else as it came.</summary>
    public static InspectedFile AsPdf(InspectedFile file)
    {
        if (Convert(file.Content, file.ContentType) is not { } pdf) return file;
        return file with { FileName = Path.GetFileNameWithoutExtension(file.FileName) + ".pdf", ContentType = "application/pdf", Content = pdf };
    }

    private sealed record Embedded(int Width, int Height, string Dictionary, byte[] Data);

    private static Embedded? Jpeg(byte[] b)
    {
        // Walk the markers to the frame header (SOF0–SOF15 except DHT, JPG and DAC), which gives the size and components.
        var i = 2;
        while (i + 9 < b.Length && b[i] == 0xFF)
        {
            var marker = b[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 2));
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                int height = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 5)), width = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 7));
                var space = b[i + 9] switch { 1 => "/DeviceGray", 3 => "/DeviceRGB", 4 => "/DeviceCMYK /Decode [1 0 1 0 1 0 1 0]", _ => null };
                if (space is null || width == 0 || height == 0) return null;
                return new(width, height, $"/ColorSpace {space} /BitsPerComponent 8 /Filter /DCTDecode", b);
            }
            i += 2 + length;
        }
        return null;
    }

    private static Embedded? Png(byte[] b)
    {
        if (b.Length < 33) return null;
        int width = 0, height = 0, depth = 0, type = 0, interlace = 0;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        for (var i = 8; i + 8 <= b.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(i));
            var kind = Encoding.ASCII.GetString(b, i + 4, 4);
            if (length < 0 || i + 12 + length > b.Length) return null;
            var data = b.AsSpan(i + 8, length);
            switch (kind)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    (depth, type, interlace) = (data[8], data[9], data[12]);
                    break;
                case "PLTE": palette = data.ToArray(); break;
                case "IDAT": idat.Write(data); break;
            }
            if (kind == "IEND") break;
            i += 12 + length;
        }
        if (width <= 0 || height <= 0 || width > 20_000 || height > 20_000 || interlace != 0 || idat.Length == 0) return null;
        var parms = (int colors, int bits) => $"/DecodeParms << /Predictor 15 /Colors {colors} /BitsPerComponent {bits} /Columns {width} >>";
        switch (type)
        {
            case 0: return new(width, height, $"/ColorSpace /DeviceGray /BitsPerComponent {depth} /Filter /FlateDecode {parms(1, depth)}", idat.ToArray());
            case 2: return new(width, height, $"/ColorSpace /DeviceRGB /BitsPerComponent {depth} /Filter /FlateDecode {parms(3, depth)}", idat.ToArray());
            case 3 when palette is { Length: > 0 }:
                var space = $"[/Indexed /DeviceRGB {palette.Length / 3 - 1} <{System.Convert.ToHexString(palette)}>]";
                return new(width, height, $"/ColorSpace {space} /BitsPerComponent {depth} /Filter /FlateDecode {parms(1, depth)}", idat.ToArray());
            case 4 or 6 when depth == 8:
                var channels = type == 4 ? 2 : 4;
                var pixels = Unfilter(Inflate(idat.ToArray()), width, height, channels);
                if (pixels is null) return null;
                var colours = channels - 1;
                var flat = new byte[width * height * colours];
                for (var p = 0; p < width * height; p++)
                {
                    var alpha = pixels[p * channels + colours];
                    for (var c = 0; c < colours; c++)   // over white: c·a + 255·(1 − a)
                        flat[p * colours + c] = (byte)((pixels[p * channels + c] * alpha + 255 * (255 - alpha) + 127) / 255);
                }
                return new(width, height, $"/ColorSpace {(colours == 1 ? "/DeviceGray" : "/DeviceRGB")} /BitsPerComponent 8 /Filter /FlateDecode", Deflate(flat));
            default: return null;
        }
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Deflate(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal)) z.Write(raw);
        return output.ToArray();
    }

    /// <summary>Reverses PNG's per-row filters (None, Sub, Up, Average, Paeth) of 8-bit samples.</summary>
    private static byte[]? Unfilter(byte[] data, int width, int height, int bpp)
    {
        var stride = width * bpp;
        if (data.Length < (stride + 1) * height) return null;
        var result = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var src = y * (stride + 1) + 1;
            var row = y * stride;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? result[row + x - bpp] : 0, up = y > 0 ? result[row - stride + x] : 0;
                int c = x >= bpp && y > 0 ? result[row - stride + x - bpp] : 0;
                var v = data[src + x];
                result[row + x] = (byte)(filter switch
                {
                    0 => v, 1 => v + a, 2 => v + up, 3 => v + (a + up) / 2,
                    4 => v + Paeth(a, up, c),
                    _ => -1,
                });
                if (filter > 4) return null;
            }
        }
        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Catalog, pages, one A4 page (landscape for wide images) with the image fitted inside the margins.</summary>
    private static byte[] Write(Embedded image)
    {
        var landscape = image.Width > image.Height;
        double pageW = landscape ? A4Long : A4Short, pageH = landscape ? A4Short : A4Long;
        var scale = Math.Min((pageW - 2 * Margin) / image.Width, (pageH - 2 * Margin) / image.Height);
        double w = image.Width * scale, h = image.Height * scale, x = (pageW - w) / 2, y = (pageH - h) / 2;
        string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        var content = Encoding.ASCII.GetBytes($"q {N(w)} 0 0 {N(h)} {N(x)} {N(y)} cm /Im1 Do Q");

        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Text(string s) => pdf.Write(Encoding.ASCII.GetBytes(s));
        void Object(string body, byte[]? stream = null)
        {
            offsets.Add(pdf.Position);
            Text($"{offsets.Count} 0 obj\n{body}");
            if (stream is not null)
            {
                Text("\nstream\n");
                pdf.Write(stream);
                Text("\nendstream");
            }
            Text("\nendobj\n");
        }
        Text("%PDF-1.5\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {N(pageW)} {N(pageH)}] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>");
        Object($"<< /Length {content.Length} >>", content);
        Object($"<< /Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} {image.Dictionary} /Length {image.Data.Length} >>", image.Data);
        var xref = pdf.Position;
        Text($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) Text($"{o:D10} 00000 n \n");
        Text($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }
}
