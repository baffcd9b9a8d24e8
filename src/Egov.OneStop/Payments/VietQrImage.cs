using QRCoder;

namespace Egov.OneStop.Payments;

/// <summary>The VietQR payload as a PNG that banking apps scan (error correction M, a quiet zone of four modules).</summary>
public static class VietQrImage
{
    public static byte[] Png(string payload, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
