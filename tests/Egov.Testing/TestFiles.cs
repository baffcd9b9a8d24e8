namespace Egov.Testing;

/// <summary>Small files for upload tests, made in memory.</summary>
public static class TestFiles
{
    /// <summary>A 2×1 RGB PNG (red, blue), filter None, CRCs left zero.</summary>
    public static byte[] TinyPng()
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var body = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            var length = BitConverter.GetBytes(data.Length).Reverse();
            var crc = new byte[4];   // neither the inspector nor the converter checks chunk CRCs
            return length.Concat(body).Concat(crc).ToArray();
        }
        using var z = new MemoryStream();
        using (var zs = new System.IO.Compression.ZLibStream(z, System.IO.Compression.CompressionLevel.Optimal)) zs.Write([0, 255, 0, 0, 0, 0, 255]);
        byte[] header = [0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0];
        return new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }
            .Concat(Chunk("IHDR", header)).Concat(Chunk("IDAT", z.ToArray())).Concat(Chunk("IEND", [])).ToArray();
    }
}
