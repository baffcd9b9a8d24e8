using System.Text.RegularExpressions;
using Egov.Platform.Validation;

namespace Egov.Directory.Agencies;

/// <summary>
/// Agency identifier code (mã định danh) of QCVN 102:2016/BTTTT and Decision 20/2020/QĐ-TTg:
/// <c>V1V2V3.Z1Z2.Y1Y2.L</c> — level-4 part (3 digits), level-3 (2 digits), level-2 (2 digits) and the
/// level-1 code (a letter and two digits: H.. provinces, G.. ministries). The level of an agency is the
/// deepest non-zero part: 000.00.00.H56 is level 1, 000.00.38.H56 level 2, 000.12.38.H56 level 3.
/// </summary>
public readonly partial record struct AgencyCode(string Value)
{
    /// <summary>Amendment 1:2022 allows OrganId values of up to 35 characters.</summary>
    public const int MaxLength = 35;

    [GeneratedRegex(@"^(?<l4>\d{3})\.(?<l3>\d{2})\.(?<l2>\d{2})\.(?<l1>[A-Z]\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public string Level1 => Value[^3..];

    public int Level
    {
        get
        {
            var m = Pattern().Match(Value);
            if (m.Groups["l4"].Value != "000") return 4;
            if (m.Groups["l3"].Value != "00") return 3;
            if (m.Groups["l2"].Value != "00") return 2;
            return 1;
        }
    }

    public static FieldError? Check(string? raw, string field, out AgencyCode code)
    {
        code = default;
        var value = raw?.Trim() ?? "";
        if (value.Length == 0)
            return new(field, "required", "Mã định danh là bắt buộc.", "The identifier code is required.");
        if (value.Length > MaxLength)
            return new(field, "tooLong", $"Mã định danh dài quá {MaxLength} ký tự.", $"The identifier code is longer than {MaxLength} characters.");
        var m = Pattern().Match(value);
        if (!m.Success)
            return new(field, "format",
                $"Mã định danh \"{value}\" không đúng định dạng QCVN 102:2016 (ví dụ 000.00.00.H56: 3 chữ số, 2 chữ số, 2 chữ số và mã cấp 1 gồm một chữ cái in hoa và 2 chữ số).",
                $"The identifier code \"{value}\" does not follow QCVN 102:2016 (e.g. 000.00.00.H56).");
        code = new AgencyCode(value);
        return null;
    }

    /// <summary>A sub-agency carries its parent's level-1 code (a department of Thanh Hóa is ….H56).</summary>
    public FieldError? CheckChildOf(AgencyCode parent, string field)
    {
        if (Level1 != parent.Level1)
            return new(field, "parentMismatch",
                $"Mã định danh {Value} phải có mã cấp 1 \"{parent.Level1}\" của cơ quan cấp trên {parent.Value}.",
                $"Code {Value} must carry its parent's level-1 code \"{parent.Level1}\" ({parent.Value}).");
        if (Value == parent.Value)
            return new(field, "sameAsParent", "Mã định danh trùng với cơ quan cấp trên.", "The code is the same as the parent's.");
        return null;
    }

    public override string ToString() => Value;
}
