using System.Text.RegularExpressions;

namespace Egov.Platform.Validation;

/// <summary>Vietnamese phone numbers: mobile 0[3|5|7|8|9]xxxxxxxx, landline 02xxxxxxxxx; +84 or 84 accepted and normalised to 0.</summary>
public static partial class PhoneNumber
{
    [GeneratedRegex(@"^0(?:[35789]\d{8}|2\d{9})$")]
    private static partial Regex Pattern();

    /// <summary>The same rule for a browser checking the number as it is typed (spaces, dots and dashes allowed, +84 or 84 for 0).</summary>
    public const string TypedPattern = @"\s*(?:\+?84|0)[\s.\-]*(?:[35789](?:[\s.\-]*\d){8}|2(?:[\s.\-]*\d){9})\s*";

    public static FieldError? Check(string? raw, string field, out string? normalised)
    {
        normalised = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var digits = raw.Trim().Replace(" ", "").Replace(".", "").Replace("-", "");
        if (digits.StartsWith("+84")) digits = "0" + digits[3..];
        else if (digits.StartsWith("84") && digits.Length >= 11) digits = "0" + digits[2..];
        if (!Pattern().IsMatch(digits))
            return new(field, "phone",
                $"Số điện thoại \"{raw.Trim()}\" không hợp lệ: di động gồm 10 chữ số bắt đầu bằng 03, 05, 07, 08, 09; cố định gồm 11 chữ số bắt đầu bằng 02.",
                $"Phone number \"{raw.Trim()}\" is not a valid Vietnamese number.");
        normalised = digits;
        return null;
    }
}

public static partial class EmailAddress
{
    /// <summary>The rule, also given to the browser to check the address as it is typed.</summary>
    public const string TypedPattern = @"\s*[^@\s""<>()\[\],;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\s*";

    [GeneratedRegex("^" + TypedPattern + "$")]
    private static partial Regex Pattern();

    public static FieldError? Check(string? raw, string field, out string? normalised)
    {
        normalised = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var value = raw.Trim();
        if (value.Length > 254 || !Pattern().IsMatch(value))
            return new(field, "email", $"Địa chỉ thư điện tử \"{value}\" không hợp lệ.", $"E-mail address \"{value}\" is not valid.");
        normalised = value.ToLowerInvariant();
        return null;
    }
}

/// <summary>
/// Số định danh cá nhân / CCCD (Decree 137/2015, Circular 07/2016/TT-BCA): 12 digits —
/// 3-digit province code of the place of birth registration, 1 digit for century and sex
/// (0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s…), 2 digits of the year of birth, 6 random digits.
/// </summary>
public static class CitizenId
{
    // The 63 province codes in force when the numbers were issued (three digits: "0" + the province's two-digit code).
    private static readonly HashSet<string> ProvinceCodes =
    [
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025",
        "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048",
        "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
        "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
    ];

    public static FieldError? Check(string? raw, string field, DateOnly today, out string? normalised)
    {
        normalised = null;
        var value = raw?.Trim().Replace(" ", "") ?? "";
        if (value.Length == 0)
            return new(field, "required", "Số định danh cá nhân (CCCD) là bắt buộc.", "The citizen ID number is required.");
        if (value.Length != 12 || !value.All(char.IsAsciiDigit))
            return new(field, "citizenIdFormat", "Số định danh cá nhân phải gồm đúng 12 chữ số.", "The citizen ID number must have exactly 12 digits.");
        if (!ProvinceCodes.Contains(value[..3]))
            return new(field, "citizenIdProvince", $"Ba chữ số đầu \"{value[..3]}\" không phải mã tỉnh nơi đăng ký khai sinh.",
                $"The first three digits \"{value[..3]}\" are not a province code.");
        var centuryDigit = value[3] - '0';
        var birthYear = 1900 + centuryDigit / 2 * 100 + int.Parse(value.AsSpan(4, 2));
        if (birthYear > today.Year)
            return new(field, "citizenIdBirthYear", $"Năm sinh {birthYear} mã hoá trong số định danh nằm trong tương lai.",
                $"The birth year {birthYear} encoded in the number is in the future.");
        normalised = value;
        return null;
    }
}

/// <summary>
/// Mã số thuế (Circular 105/2020/TT-BTC): 10 digits whose 10th is a check digit
/// (weights 31 29 23 19 17 13 7 5 3; check = 10 − sum mod 11), optionally "-" and a 3-digit
/// dependent-unit number. Since 1 July 2025 individuals use their 12-digit citizen ID instead.
/// </summary>
public static class TaxCode
{
    private static readonly int[] Weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];

    public static FieldError? Check(string? raw, string field, out string? normalised)
    {
        normalised = null;
        var value = raw?.Trim().Replace(" ", "") ?? "";
        if (value.Length == 0)
            return new(field, "required", "Mã số thuế là bắt buộc.", "The tax code is required.");
        var main = value;
        string? branch = null;
        if (value.Length == 14 && value[10] == '-') { main = value[..10]; branch = value[11..]; }
        else if (value.Length == 13 && value.All(char.IsAsciiDigit)) { main = value[..10]; branch = value[10..]; }
        if (main.Length != 10 || !main.All(char.IsAsciiDigit) || (branch is not null && !branch.All(char.IsAsciiDigit)))
            return new(field, "taxCodeFormat", "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu \"-\" và 3 chữ số của đơn vị phụ thuộc.",
                "A tax code has 10 digits, or 10 digits, \"-\" and 3 digits for a dependent unit.");
        if (branch == "000")
            return new(field, "taxCodeBranch", "Số thứ tự đơn vị phụ thuộc phải từ 001 đến 999.", "The dependent-unit number must be 001–999.");
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (main[i] - '0') * Weights[i];
        var check = 10 - sum % 11;
        if (check != main[9] - '0')
            return new(field, "taxCodeChecksum", $"Mã số thuế \"{value}\" sai chữ số kiểm tra.", $"Tax code \"{value}\" has a wrong check digit.");
        normalised = branch is null ? main : $"{main}-{branch}";
        return null;
    }
}
