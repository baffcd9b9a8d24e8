using System.Globalization;
using System.Text;

namespace Egov.OneStop.Payments;

/// <summary>
/// The fields of a VietQR transfer code (NAPAS' profile of the EMVCo merchant-presented QR): the beneficiary bank's BIN
/// and account, the service (to an account or to a card), and for a dynamic code the amount in đồng and the purpose.
/// </summary>
public sealed record VietQrPayload(string BankBin, string Account, long? Amount = null, string? Purpose = null,
    string Service = VietQr.ToAccount, string? Reference = null, string? BillNumber = null)
{
    /// <summary>"11" static (reusable), "12" dynamic (one payment: amount and/or purpose set).</summary>
    public string InitiationMethod { get; init; } = Amount is not null || Purpose is not null ? VietQr.Dynamic : VietQr.Static;
}

/// <summary>Why a payload was refused: a stable code for programs and an English sentence for logs and tests.</summary>
public sealed class VietQrFormatException(string code, string message) : FormatException(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Builds and reads VietQR payloads (DOMAIN "Fees and VietQR"): TLV fields of two-digit id, two-digit length and value;
/// 00 format "01"; 01 initiation "11" static or "12" dynamic; 38 merchant account (00 GUID A000000727, 01 beneficiary:
/// 00 acquirer BIN, 01 account number; 02 service QRIBFTTA to an account or QRIBFTTC to a card); 53 currency 704;
/// 54 amount; 58 country VN; 62 additional data (01 bill number, 05 reference, 08 purpose); 63 CRC16-CCITT-FALSE of
/// everything before it including "6304", four upper-case hex digits (lower case accepted when reading).
/// The reader is strict and meant for untrusted input: printable ASCII only, at most 512 characters, every length checked.
/// </summary>
public static class VietQr
{
    public const string Guid = "A000000727";
    public const string ToAccount = "QRIBFTTA";
    public const string ToCard = "QRIBFTTC";
    public const string Static = "11";
    public const string Dynamic = "12";
    public const string CurrencyVnd = "704";
    public const string CountryVn = "VN";
    /// <summary>EMVCo's limit for the whole payload.</summary>
    public const int MaxLength = 512;
    /// <summary>EMVCo's limit for the purpose of transaction (62-08) and the other additional-data fields.</summary>
    public const int MaxPurposeLength = 25;

    public static string Build(VietQrPayload p)
    {
        Check(p);
        var sb = new StringBuilder(160);
        Tlv(sb, "00", "01");
        Tlv(sb, "01", p.InitiationMethod);
        var beneficiary = Tlv("00", p.BankBin) + Tlv("01", p.Account);
        Tlv(sb, "38", Tlv("00", Guid) + Tlv("01", beneficiary) + Tlv("02", p.Service));
        Tlv(sb, "53", CurrencyVnd);
        if (p.Amount is { } amount) Tlv(sb, "54", amount.ToString(CultureInfo.InvariantCulture));
        Tlv(sb, "58", CountryVn);
        var extra = (p.BillNumber is null ? "" : Tlv("01", p.BillNumber)) + (p.Reference is null ? "" : Tlv("05", p.Reference))
            + (p.Purpose is null ? "" : Tlv("08", p.Purpose));
        if (extra.Length > 0) Tlv(sb, "62", extra);
        sb.Append("6304");
        sb.Append(Crc16(sb.ToString()).ToString("X4", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>Reads a payload; any departure from the format throws <see cref="VietQrFormatException"/>.</summary>
    public static VietQrPayload Parse(string? qr)
    {
        if (string.IsNullOrEmpty(qr)) throw Bad("empty", "The payload is empty.");
        if (qr.Length > MaxLength) throw Bad("tooLong", $"The payload has {qr.Length} characters, more than {MaxLength}.");
        foreach (var c in qr)
            if (c is < ' ' or > '~') throw Bad("notAscii", "The payload holds a character that is not printable ASCII.");
        if (qr.Length < 8 || qr[^8..^4] != "6304") throw Bad("noCrc", "The payload does not end with the CRC field 63.");
        if (!ushort.TryParse(qr[^4..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc) || !IsHex(qr[^4..]))
            throw Bad("crcFormat", "The CRC is not four hexadecimal digits.");
        if (Crc16(qr[..^4]) != crc) throw Bad("crc", "The CRC does not match the payload.");

        var top = ReadTlv(qr[..^8], "payload");
        if (top.Count == 0 || top[0].Id != "00") throw Bad("format", "The payload does not start with the format field 00.");
        var fields = Unique(top, "payload");
        if (fields.ContainsKey("63")) throw Bad("duplicate", "Field 63 appears before the end.");
        if (fields["00"] != "01") throw Bad("format", "The payload format (00) is not 01.");
        var init = Required(fields, "01");
        if (init is not (Static or Dynamic)) throw Bad("initiation", "The initiation method (01) is neither 11 nor 12.");

        var merchant = Unique(ReadTlv(Required(fields, "38"), "38"), "38");
        if (Required(merchant, "00", "38") != Guid) throw Bad("guid", "The merchant account (38) is not NAPAS' (A000000727).");
        var beneficiary = Unique(ReadTlv(Required(merchant, "01", "38"), "38-01"), "38-01");
        var bin = Required(beneficiary, "00", "38-01");
        if (bin.Length != 6 || !bin.All(char.IsAsciiDigit)) throw Bad("bin", "The bank BIN (38-01-00) is not six digits.");
        var account = Required(beneficiary, "01", "38-01");
        if (!IsAccount(account)) throw Bad("account", "The account number (38-01-01) is not 1 to 19 letters or digits.");
        var service = Required(merchant, "02", "38");
        if (service is not (ToAccount or ToCard)) throw Bad("service", "The service (38-02) is neither QRIBFTTA nor QRIBFTTC.");

        if (Required(fields, "53") != CurrencyVnd) throw Bad("currency", "The currency (53) is not 704 (đồng).");
        if (Required(fields, "58") != CountryVn) throw Bad("country", "The country (58) is not VN.");
        long? amount = null;
        if (fields.TryGetValue("54", out var a))
        {
            if (a.Length is 0 or > 13 || !a.All(char.IsAsciiDigit) || a[0] == '0')
                throw Bad("amount", "The amount (54) is not a whole, positive number of đồng.");
            amount = long.Parse(a, CultureInfo.InvariantCulture);
        }
        string? purpose = null, reference = null, bill = null;
        if (fields.TryGetValue("62", out var additional))
        {
            var extra = Unique(ReadTlv(additional, "62"), "62");
            extra.TryGetValue("08", out purpose);
            extra.TryGetValue("05", out reference);
            extra.TryGetValue("01", out bill);
        }
        return new VietQrPayload(bin, account, amount, purpose, service, reference, bill) { InitiationMethod = init };
    }

    public static bool TryParse(string? qr, out VietQrPayload? payload, out string? error)
    {
        try
        {
            (payload, error) = (Parse(qr), null);
            return true;
        }
        catch (VietQrFormatException e)
        {
            (payload, error) = (null, e.Code);
            return false;
        }
    }

    /// <summary>CRC16-CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR, over the ASCII bytes.</summary>
    public static ushort Crc16(string data)
    {
        var crc = 0xFFFF;
        foreach (var c in data)
        {
            crc ^= (byte)c << 8;
            for (var i = 0; i < 8; i++)
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            crc &= 0xFFFF;
        }
        return (ushort)crc;
    }

    private static void Check(VietQrPayload p)
    {
        if (p.BankBin is not { Length: 6 } || !p.BankBin.All(char.IsAsciiDigit)) throw new ArgumentException("The bank BIN is six digits.", nameof(p));
        if (!IsAccount(p.Account)) throw new ArgumentException("The account number is 1 to 19 letters or digits.", nameof(p));
        if (p.Service is not (ToAccount or ToCard)) throw new ArgumentException("Unknown service.", nameof(p));
        if (p.InitiationMethod is not (Static or Dynamic)) throw new ArgumentException("Unknown initiation method.", nameof(p));
        if (p.Amount is { } amount && amount is <= 0 or > 9_999_999_999_999) throw new ArgumentException("The amount is a positive whole number of đồng.", nameof(p));
        foreach (var text in new[] { p.Purpose, p.Reference, p.BillNumber })
            if (text is not null && (text.Length is 0 or > MaxPurposeLength || text.Any(c => c is < ' ' or > '~')))
                throw new ArgumentException($"Additional data is 1 to {MaxPurposeLength} printable ASCII characters.", nameof(p));
    }

    private static bool IsAccount(string? s) => s is { Length: >= 1 and <= 19 } && s.All(char.IsAsciiLetterOrDigit);
    private static bool IsHex(string s) => s.All(char.IsAsciiHexDigit);

    private static string Tlv(string id, string value)
    {
        if (value.Length > 99) throw new ArgumentException($"Field {id} is longer than 99 characters.");
        return id + value.Length.ToString("00", CultureInfo.InvariantCulture) + value;
    }

    private static void Tlv(StringBuilder sb, string id, string value) => sb.Append(Tlv(id, value));

    private static List<(string Id, string Value)> ReadTlv(string s, string where)
    {
        var list = new List<(string, string)>();
        var i = 0;
        while (i < s.Length)
        {
            if (i + 4 > s.Length) throw Bad("truncated", $"A field of {where} is cut off in its id or length.");
            var id = s.Substring(i, 2);
            var lengthText = s.Substring(i + 2, 2);
            if (!id.All(char.IsAsciiDigit) || !lengthText.All(char.IsAsciiDigit)) throw Bad("tlv", $"A field of {where} has an id or length that is not two digits.");
            var length = int.Parse(lengthText, CultureInfo.InvariantCulture);
            if (length == 0) throw Bad("tlv", $"Field {id} of {where} is empty.");
            if (i + 4 + length > s.Length) throw Bad("truncated", $"Field {id} of {where} says {length} characters but fewer remain.");
            list.Add((id, s.Substring(i + 4, length)));
            i += 4 + length;
        }
        return list;
    }

    private static Dictionary<string, string> Unique(List<(string Id, string Value)> fields, string where)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, value) in fields)
            if (!map.TryAdd(id, value)) throw Bad("duplicate", $"Field {id} appears twice in {where}.");
        return map;
    }

    private static string Required(Dictionary<string, string> fields, string id, string? where = null) =>
        fields.TryGetValue(id, out var v) ? v : throw Bad("missing", $"Field {(where is null ? id : where + "-" + id)} is missing.");

    private static VietQrFormatException Bad(string code, string message) => new(code, message);
}
