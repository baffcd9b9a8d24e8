using Egov.Platform.Text;
using Egov.Platform.Validation;

namespace Egov.Platform.Tests;

public class CitizenIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("038095001234")] // Thanh Hóa, male born 1995
    [InlineData("001301000001")] // Hà Nội, female born 2001
    [InlineData(" 079 200 123456 ")]
    public void Accepts_well_formed_numbers(string id) => Assert.Null(CitizenId.Check(id, "citizenId", Today, out _));

    [Theory]
    [InlineData("", "required")]
    [InlineData("03809500123", "citizenIdFormat")]   // 11 digits
    [InlineData("0380950012345", "citizenIdFormat")] // 13 digits
    [InlineData("03809500123A", "citizenIdFormat")]
    [InlineData("999095001234", "citizenIdProvince")] // no such province
    [InlineData("003095001234", "citizenIdProvince")] // 003 was never a province code
    [InlineData("038399001234", "citizenIdBirthYear")] // born 2099
    public void Rejects_with_a_specific_reason(string id, string code)
    {
        var error = CitizenId.Check(id, "citizenId", Today, out var normalised);
        Assert.NotNull(error);
        Assert.Equal(code, error.Code);
        Assert.Equal("citizenId", error.Field);
        Assert.Null(normalised);
    }
}

public class TaxCodeTests
{
    [Theory]
    [InlineData("0300588569", "0300588569")]      // Vinamilk
    [InlineData("0100109106", "0100109106")]      // Viettel
    [InlineData("0300588569-001", "0300588569-001")]
    [InlineData("0300588569001", "0300588569-001")]
    public void Accepts_codes_with_a_correct_check_digit(string raw, string expected)
    {
        Assert.Null(TaxCode.Check(raw, "taxCode", out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("0300588568", "taxCodeChecksum")]
    [InlineData("030058856", "taxCodeFormat")]
    [InlineData("03005885690", "taxCodeFormat")]
    [InlineData("0300588569-000", "taxCodeBranch")]
    [InlineData("abcdefghij", "taxCodeFormat")]
    [InlineData(null, "required")]
    public void Rejects_with_a_specific_reason(string? raw, string code) => Assert.Equal(code, TaxCode.Check(raw, "taxCode", out _)?.Code);
}

public class PhoneAndEmailTests
{
    [Theory]
    [InlineData("0912345678", "0912345678")]
    [InlineData("+84 912 345 678", "0912345678")]
    [InlineData("84912345678", "0912345678")]
    [InlineData("0912.345.678", "0912345678")]
    [InlineData("02373852000", "02373852000")] // Thanh Hóa landline
    public void Phones_are_normalised(string raw, string expected)
    {
        Assert.Null(PhoneNumber.Check(raw, "phone", out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("0123456789")]  // 01x prefixes were retired in 2018
    [InlineData("091234567")]   // too short
    [InlineData("09123456789")] // too long for a mobile
    [InlineData("phone")]
    public void Bad_phones_are_refused(string raw) => Assert.Equal("phone", PhoneNumber.Check(raw, "phone", out _)?.Code);

    [Fact]
    public void Empty_phone_is_not_an_error_here_required_is_the_callers_choice() => Assert.Null(PhoneNumber.Check("  ", "phone", out _));

    [Theory]
    [InlineData("a@b")]
    [InlineData("no spaces@x.vn")]
    [InlineData("@thanhhoa.gov.vn")]
    [InlineData("x@-bad.vn")]
    public void Bad_emails_are_refused(string raw) => Assert.Equal("email", EmailAddress.Check(raw, "email", out _)?.Code);

    [Fact]
    public void Emails_are_lower_cased() { EmailAddress.Check(" VanThu@ThanhHoa.gov.vn ", "email", out var e); Assert.Equal("vanthu@thanhhoa.gov.vn", e); }
}

public class TextRuleTests
{
    [Fact]
    public void Required_and_length_limits_name_the_field_and_the_limit()
    {
        var errors = new ValidationErrors();
        Assert.Null(errors.RequiredText("name", "   ", 10, "Tên", "Name"));
        Assert.Null(errors.RequiredText("shortName", new string('a', 11), 10, "Tên viết tắt", "Short name"));
        Assert.Equal("ok", errors.RequiredText("code", " ok ", 10, "Mã", "Code"));
        Assert.Equal(["name", "shortName"], errors.All.Select(e => e.Field));
        Assert.Contains("10 ký tự", errors.All[1].MessageVi);
        Assert.Throws<DomainValidationException>(errors.ThrowIfAny);
    }
}

public class VietnameseTextTests
{
    [Theory]
    [InlineData("Đăng ký khai sinh", "dang ky khai sinh")]
    [InlineData("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh")]
    [InlineData("dang  ky   khai sinh", "dang ky khai sinh")]
    [InlineData("Tỉnh Thanh Hoá", "tinh thanh hoa")]   // old-style tone placement
    [InlineData("Tỉnh Thanh Hóa", "tinh thanh hoa")]   // new-style
    [InlineData("Phường Hàm Rồng", "phuong ham rong")]
    [InlineData("đ Đ", "d d")]
    public void Folds_diacritics_case_and_spacing(string text, string folded) => Assert.Equal(folded, VietnameseText.Fold(text));

    [Theory]
    [InlineData("Đăng ký khai sinh", "dang ki khai sinh")]
    [InlineData("đăng kí khai sinh", "dang ki khai sinh")]   // i/y at the end of a syllable
    [InlineData("DDang KY khai-sinh", "dang ki khai sinh")]  // Telex "dd", punctuation between words
    [InlineData("quý Quí", "qui qui")]
    [InlineData("nghỉ ngỉ ghi gi", "ngi ngi gi gi")]       // "ngh"/"gh" written either way
    [InlineData("tây tai thủy", "tay tai thuy")]            // a y after a vowel is part of the rhyme: kept
    [InlineData("  ", "")]
    public void Search_words_fold_and_normalise_misspellings(string text, string words) =>
        Assert.Equal(words, string.Join(' ', VietnameseText.SearchWords(text)));

    [Fact]
    public void Like_patterns_escape_wildcards() => Assert.Equal("%50\\%\\_x%", VietnameseText.LikeContains("50%_x"));

    [Theory]
    [InlineData("0912345678")]
    [InlineData("0912 345 678")]
    [InlineData("091.234.5678")]
    [InlineData("+84 912 345 678")]
    [InlineData("84912345678")]
    [InlineData("02438253535")]
    [InlineData("0936 222")]
    [InlineData("0123456789")]
    [InlineData("091234567")]
    [InlineData("09123456789")]
    [InlineData("abc")]
    public void The_browser_checks_a_phone_number_as_typed_by_the_servers_rule(string typed)
    {
        var browser = System.Text.RegularExpressions.Regex.IsMatch(typed, "^(?:" + PhoneNumber.TypedPattern + ")$");
        Assert.Equal(PhoneNumber.Check(typed, "phone", out _) is null, browser);
    }

}
