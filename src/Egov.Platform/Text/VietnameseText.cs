using System.Globalization;
using System.Text;

namespace Egov.Platform.Text;

/// <summary>
/// Folding of Vietnamese text for search: "Đăng ký Khai sinh", "dang ky khai sinh" and "ĐĂNG KÝ" fold to
/// the same key. Stored beside each searchable name so queries compare folded text with LIKE.
/// </summary>
public static class VietnameseText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return string.Empty;
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var folded = c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            };
            if (char.IsWhiteSpace(folded))
            {
                if (lastWasSpace) continue;
                folded = ' ';
                lastWasSpace = true;
            }
            else lastWasSpace = false;
            sb.Append(folded);
        }
        return sb.ToString();
    }

    /// <summary>Escapes LIKE wildcards in a folded search term (used with ESCAPE '\').</summary>
    public static string LikeContains(string foldedTerm) =>
        "%" + foldedTerm.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
