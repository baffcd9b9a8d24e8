using System.Diagnostics;
using System.Text.Json;
using Egov.OneStop.Payments;

namespace Egov.OneStop.Tests;

/// <summary>
/// The VietQR builder reproduces the sample payloads of shared/data/vietqr-vectors.json (copied to Data/) character for
/// character, and the reader refuses hostile or broken input with a reason instead of guessing.
/// </summary>
public class VietQrTests
{
    private static readonly JsonElement[] Vectors = LoadVectors();

    private static JsonElement[] LoadVectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "vietqr-vectors.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.Clone()).ToArray();
    }

    public static TheoryData<int> ValidVectors() => new(Enumerable.Range(0, Vectors.Length).Where(i => Vectors[i].GetProperty("valid").GetBoolean()));
    public static TheoryData<int> InvalidVectors() => new(Enumerable.Range(0, Vectors.Length).Where(i => !Vectors[i].GetProperty("valid").GetBoolean()));

    private static string? Text(JsonElement v, string name) =>
        v.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    [Theory, MemberData(nameof(ValidVectors))]
    public void Each_valid_vector_is_read_and_built_again_exactly(int index)
    {
        var v = Vectors[index];
        var qr = v.GetProperty("qr").GetString()!;
        var p = VietQr.Parse(qr);
        Assert.Equal(Text(v, "bankBin"), p.BankBin);
        Assert.Equal(Text(v, "account"), p.Account);
        Assert.Equal(Text(v, "initMethod"), p.InitiationMethod);
        Assert.Equal(Text(v, "amount"), p.Amount?.ToString());
        Assert.Equal(Text(v, "purpose"), p.Purpose);
        Assert.Equal(Text(v, "service") ?? VietQr.ToAccount, p.Service);
        Assert.Equal(qr, VietQr.Build(p));
        Assert.Equal(Text(v, "crc"), qr[^4..]);
        // Built from the fields alone (the initiation method follows from amount and purpose).
        Assert.Equal(qr, VietQr.Build(new VietQrPayload(p.BankBin, p.Account, p.Amount, p.Purpose)));
    }

    [Theory, MemberData(nameof(InvalidVectors))]
    public void Each_invalid_vector_is_refused(int index)
    {
        var e = Assert.Throws<VietQrFormatException>(() => VietQr.Parse(Vectors[index].GetProperty("qr").GetString()));
        Assert.Equal("crc", e.Code);
    }

    [Fact]
    public void The_crc_is_ccitt_false_with_four_zero_padded_digits()
    {
        Assert.Equal(0x29B1, VietQr.Crc16("123456789"));   // the check value of CRC-16/CCITT-FALSE
        Assert.EndsWith("63040283", Vectors.Single(v => Text(v, "crc") == "0283").GetProperty("qr").GetString());
    }

    [Fact]
    public void A_lower_case_crc_is_accepted_when_reading()
    {
        var qr = Vectors[1].GetProperty("qr").GetString()!;
        Assert.Equal("1000", VietQr.Parse(qr[..^4] + qr[^4..].ToLowerInvariant()).Amount?.ToString());
    }

    [Fact]
    public void A_dossier_payment_round_trips_with_the_dossier_code_as_purpose()
    {
        var built = VietQr.Build(new VietQrPayload("970418", "37110000140", 8000, "000.01.40.H56-261124-0001"));
        var read = VietQr.Parse(built);
        Assert.Equal(("970418", "37110000140", 8000L, "000.01.40.H56-261124-0001", "12"),
            (read.BankBin, read.Account, read.Amount!.Value, read.Purpose, read.InitiationMethod));
        Assert.Contains("540480005802VN", built);
        Assert.Contains("62290825000.01.40.H56-261124-0001", built);
    }

    /// <summary>Payloads that are broken, cut, lengthened or forged: each refused with its own reason.</summary>
    public static TheoryData<string?, string> Hostile()
    {
        var good = Vectors[1].GetProperty("qr").GetString()!;   // dynamic, 1000 đồng, "Chuyen tien"
        string Sign(string body) => body + VietQr.Crc16(body).ToString("X4");
        var body = good[..^4];   // ends with "6304"
        return new TheoryData<string?, string>
        {
            { null, "empty" },
            { "", "empty" },
            { good[..^1], "noCrc" },                                         // truncated CRC
            { good[..^4] + "ZZZZ", "crcFormat" },
            { good[..^4] + "+1F2", "crcFormat" },
            { good.Replace("1000", "9000"), "crc" },                          // amount changed, CRC kept
            { Sign(body.Replace("5404", "5499")), "truncated" },              // a length beyond the end
            { Sign(body.Replace("62150811Chuyen tien", "62150811Chuyen")), "truncated" },  // inner length beyond the value
            { Sign("0002010102" + "6304"), "truncated" },                              // a length with no value
            { Sign("000" + "6304"), "truncated" },                                     // an id with no length
            { Sign(body.Replace("0002", "0A02")), "tlv" },                     // id not digits
            { Sign(body.Replace("01021238", "010x1238")), "tlv" },            // length not digits
            { Sign("00020101021" + body[11..].Replace("Chuyen tien", "Chuyển tiền")), "notAscii" },
            { Sign(body.Replace("Chuyen tien", "Chuyen\ntien")), "notAscii" },
            { Sign(new string('0', 600)), "tooLong" },
            { Sign("0102120002" + body[4..]), "format" },                     // 00 not first
            { Sign(body.Replace("000201", "000202")), "format" },
            { Sign(body.Replace("010212", "010213")), "initiation" },
            { Sign(body.Replace("A000000727", "A000000728")), "guid" },
            { Sign(body.Replace("0006970416", "0006970A16")), "bin" },
            { Sign(body.Replace("5303704", "5303840")), "currency" },
            { Sign(body.Replace("5802VN", "5802US")), "country" },
            { Sign(body.Replace("54041000", "540401.5")), "amount" },
            { Sign(body.Replace("54041000", "54040100")), "amount" },
            { Sign(body.Replace("5802VN", "5802VN5802VN")), "duplicate" },
            { Sign(body.Replace("5802VN", "5802VN6304ABCD")), "duplicate" },
            { Sign(body.Replace("QRIBFTTA", "QRIBFTTX")), "service" },
            { Sign(body.Replace("5303704", "")), "missing" },
            { Sign(body.Replace("0109257678859", "0100")), "tlv" },           // an empty account field
            { Sign(body.Replace("38530010A0000007270123000697041601092576788590208QRIBFTTA", "")), "missing" },
        };
    }

    [Theory, MemberData(nameof(Hostile))]
    public void Hostile_input_is_refused_with_a_reason(string? qr, string code)
    {
        var e = Assert.Throws<VietQrFormatException>(() => VietQr.Parse(qr));
        Assert.Equal(code, e.Code);
        Assert.False(VietQr.TryParse(qr, out var none, out var error));
        Assert.Null(none);
        Assert.Equal(code, error);
    }

    [Fact]
    public void The_builder_refuses_what_it_cannot_encode()
    {
        Assert.Throws<ArgumentException>(() => VietQr.Build(new VietQrPayload("97041", "123")));
        Assert.Throws<ArgumentException>(() => VietQr.Build(new VietQrPayload("970416", "12345678901234567890")));
        Assert.Throws<ArgumentException>(() => VietQr.Build(new VietQrPayload("970416", "123", 0)));
        Assert.Throws<ArgumentException>(() => VietQr.Build(new VietQrPayload("970416", "123", 1000, "Lệ phí")));
        Assert.Throws<ArgumentException>(() => VietQr.Build(new VietQrPayload("970416", "123", 1000, new string('A', 26))));
    }

    [Fact]
    public void The_png_scans_back_to_the_payload()
    {
        var qr = VietQr.Build(new VietQrPayload("970418", "37110000140", 8000, "000.01.40.H56-261124-0001"));
        var png = VietQrImage.Png(qr);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var file = Path.Combine(Path.GetTempPath(), $"vietqr-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(file, png);
        try
        {
            var start = new ProcessStartInfo("zbarimg") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-q", "--raw", file }) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(qr, output.Trim());
        }
        finally { File.Delete(file); }
    }
}
