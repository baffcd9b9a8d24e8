using System.Buffers.Binary;

namespace Egov.OneStop.Forms;

/// <summary>The little of a TrueType font that a PDF writer needs: character → glyph id (cmap format 4 or 12), advance
/// widths (hmtx), vertical metrics (head, hhea, OS/2, post) and a glyph subset for embedding. Read-only and thread-safe
/// once built; one instance per font file serves every document.</summary>
internal sealed class TrueTypeFace
{
    private readonly byte[] _data;
    private readonly Dictionary<string, (int Offset, int Length)> _tables = [];
    private readonly Dictionary<int, ushort> _cmap = [];
    private readonly ushort[] _advances;

    public TrueTypeFace(string postScriptName, byte[] data)
    {
        PostScriptName = postScriptName;
        _data = data;
        int numTables = U16(4);
        for (var i = 0; i < numTables; i++)
        {
            var record = 12 + 16 * i;
            var tag = System.Text.Encoding.ASCII.GetString(data, record, 4);
            _tables[tag] = ((int)U32(record + 8), (int)U32(record + 12));
        }

        var head = Table("head");
        UnitsPerEm = U16(head + 18);
        BBox = [S16(head + 36), S16(head + 38), S16(head + 40), S16(head + 42)];
        LongLoca = S16(head + 50) == 1;

        var hhea = Table("hhea");
        Ascender = S16(hhea + 4);
        Descender = S16(hhea + 6); // negative, below the baseline
        LineGap = S16(hhea + 8);
        int hMetrics = U16(hhea + 34);

        GlyphCount = U16(Table("maxp") + 4);
        var hmtx = Table("hmtx");
        _advances = new ushort[GlyphCount];
        for (var g = 0; g < GlyphCount; g++)
            _advances[g] = U16(hmtx + 4 * Math.Min(g, hMetrics - 1)); // glyphs past the last metric share its advance

        ItalicAngle = _tables.ContainsKey("post") ? S16(Table("post") + 4) + U16(Table("post") + 6) / 65536.0 : 0;
        CapHeight = _tables.TryGetValue("OS/2", out var os2) && U16(os2.Offset) >= 2 ? S16(os2.Offset + 88) : Ascender;
        ReadCmap();
    }

    public string PostScriptName { get; }
    public int UnitsPerEm { get; }
    public short[] BBox { get; }
    public int Ascender { get; }
    public int Descender { get; }
    public int LineGap { get; }
    public int CapHeight { get; }
    public double ItalicAngle { get; }
    public int GlyphCount { get; }
    private bool LongLoca { get; }

    /// <summary>The glyph for a code point; 0 (.notdef) when the font has none.</summary>
    public ushort Glyph(int codePoint) => _cmap.TryGetValue(codePoint, out var g) ? g : (ushort)0;

    /// <summary>Advance width in font units.</summary>
    public int Advance(ushort glyph) => _advances[glyph < _advances.Length ? glyph : 0];

    /// <summary>Advance width in PDF glyph space (thousandths of the font size).</summary>
    public double Advance1000(ushort glyph) => Advance(glyph) * 1000.0 / UnitsPerEm;

    /// <summary>Width of a text in points at <paramref name="size"/>, no kerning (as the text is drawn).</summary>
    public double Measure(string text, double size)
    {
        long units = 0;
        foreach (var rune in text.EnumerateRunes()) units += Advance(Glyph(rune.Value));
        return units * size / UnitsPerEm;
    }

    /// <summary>A TrueType program holding only the given glyphs (plus .notdef and the parts of composite glyphs) under
    /// their original ids, so the PDF can keep using the ids as CIDs (CIDToGIDMap /Identity). Unused glyphs stay as
    /// empty entries in loca; cmap, name, layout and other tables a PDF font does not need are left out.</summary>
    public byte[] Subset(IEnumerable<ushort> glyphs)
    {
        var glyf = Table("glyf");
        var loca = Table("loca");
        int GlyphStart(int g) => LongLoca ? (int)U32(loca + 4 * g) : U16(loca + 2 * g) * 2;

        var keep = new SortedSet<ushort>();
        var pending = new Stack<ushort>(glyphs.Append((ushort)0));
        while (pending.Count > 0)
        {
            var g = pending.Pop();
            if (g >= GlyphCount || !keep.Add(g)) continue;
            var start = GlyphStart(g);
            if (GlyphStart(g + 1) - start <= 0 || S16(glyf + start) >= 0) continue;
            // A composite glyph: walk its components (flags, glyph id, arguments, optional transform) and keep them too.
            var p = glyf + start + 10;
            while (true)
            {
                int flags = U16(p);
                pending.Push(U16(p + 2));
                p += 4 + ((flags & 0x1) != 0 ? 4 : 2);
                if ((flags & 0x8) != 0) p += 2;
                else if ((flags & 0x40) != 0) p += 4;
                else if ((flags & 0x80) != 0) p += 8;
                if ((flags & 0x20) == 0) break;
            }
        }

        // New glyf with only the kept outlines; loca always in the long format.
        using var newGlyf = new MemoryStream();
        var newLoca = new byte[4 * (GlyphCount + 1)];
        for (var g = 0; g < GlyphCount; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * g), (uint)newGlyf.Length);
            if (!keep.Contains((ushort)g)) continue;
            var start = GlyphStart(g);
            var length = GlyphStart(g + 1) - start;
            if (length <= 0) continue;
            newGlyf.Write(_data, glyf + start, length);
            while (newGlyf.Length % 4 != 0) newGlyf.WriteByte(0);
        }
        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * GlyphCount), (uint)newGlyf.Length);

        var head = Copy("head");
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment: not recomputed, viewers ignore it
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // indexToLocFormat: long

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["glyf"] = newGlyf.ToArray(), ["head"] = head, ["hhea"] = Copy("hhea"), ["hmtx"] = Copy("hmtx"),
            ["loca"] = newLoca, ["maxp"] = Copy("maxp"),
        };
        foreach (var hinting in new[] { "cvt ", "fpgm", "prep" })
            if (_tables.ContainsKey(hinting)) tables[hinting] = Copy(hinting);
        return WriteSfnt(tables);
    }

    private static byte[] WriteSfnt(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        var searchRange = (1 << entrySelector) * 16;
        var header = new byte[12 + 16 * count];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)(count * 16 - searchRange));
        using var output = new MemoryStream();
        output.Write(header);
        var i = 0;
        foreach (var (tag, bytes) in tables)
        {
            var record = header.AsSpan(12 + 16 * i++);
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(bytes));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)output.Length);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)bytes.Length);
            output.Write(bytes);
            while (output.Length % 4 != 0) output.WriteByte(0);
        }
        var result = output.ToArray();
        header.CopyTo(result, 0);
        return result;
    }

    private static uint Checksum(byte[] bytes)
    {
        uint sum = 0;
        for (var i = 0; i < bytes.Length; i += 4)
        {
            uint word = 0;
            for (var j = 0; j < 4; j++) word = (word << 8) | (i + j < bytes.Length ? bytes[i + j] : 0u);
            sum += word;
        }
        return sum;
    }

    /// <summary>Prefers the full-Unicode subtable (3,10 format 12), else the BMP one (3,1 or 0,x format 4).</summary>
    private void ReadCmap()
    {
        var cmap = Table("cmap");
        int count = U16(cmap + 2);
        int best = -1, bestRank = 0;
        for (var i = 0; i < count; i++)
        {
            var record = cmap + 4 + 8 * i;
            int platform = U16(record), encoding = U16(record + 2);
            var sub = cmap + (int)U32(record + 4);
            int format = U16(sub);
            var rank = (platform, encoding, format) switch
            {
                (3, 10, 12) => 4,
                (0, _, 12) => 3,
                (3, 1, 4) => 2,
                (0, _, 4) => 1,
                _ => 0,
            };
            if (rank > bestRank) (best, bestRank) = (sub, rank);
        }
        if (best < 0) throw new InvalidDataException($"{PostScriptName}: no Unicode cmap (format 4 or 12).");

        if (U16(best) == 12)
        {
            var groups = (int)U32(best + 12);
            for (var i = 0; i < groups; i++)
            {
                var g = best + 16 + 12 * i;
                uint first = U32(g), last = U32(g + 4), glyph = U32(g + 8);
                for (var c = first; c <= last && c <= 0x10FFFF; c++) _cmap[(int)c] = (ushort)(glyph + c - first);
            }
            return;
        }

        // Format 4: segments of [start, end] with either a delta or an offset into the glyph id array.
        var segments = U16(best + 6) / 2;
        var ends = best + 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var rangeOffsets = deltas + 2 * segments;
        for (var s = 0; s < segments; s++)
        {
            int start = U16(starts + 2 * s), end = U16(ends + 2 * s), delta = S16(deltas + 2 * s), rangeOffset = U16(rangeOffsets + 2 * s);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    glyph = U16(rangeOffsets + 2 * s + rangeOffset + 2 * (c - start));
                    if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0) _cmap[c] = (ushort)glyph;
            }
        }
    }

    private int Table(string tag) =>
        _tables.TryGetValue(tag, out var t) ? t.Offset : throw new InvalidDataException($"{PostScriptName}: no '{tag}' table.");

    private byte[] Copy(string tag) => _data.AsSpan(_tables[tag].Offset, _tables[tag].Length).ToArray();

    private ushort U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(at));
    private short S16(int at) => BinaryPrimitives.ReadInt16BigEndian(_data.AsSpan(at));
    private uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(at));
}
