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

    /// <summary>
    /// The words of a search text, folded and with common misspellings of a syllable normalised (<see cref="Syllable"/>),
    /// split at anything that is not a letter or a digit: "Đăng kí khai-sinh" gives dang, ki, khai, sinh.
    /// </summary>
    public static IReadOnlyList<string> SearchWords(string? text)
    {
        var folded = Fold(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(Syllable(folded[start..i]));
                start = -1;
            }
        }
        return words;
    }

    /// <summary>
    /// One folded syllable in the spelling a search compares: the i/y variants of a final vowel ("ky", "kí" → "ki";
    /// "quy" → "qui"), "ngh"/"gh" as "ng"/"g" (both spellings are seen: "ngi", "ghi"), and Telex leftovers of đ ("dd").
    /// Vietnamese has no pair of words that these rules merge wrongly in a procedure name ("tay"/"tai" keep their vowel
    /// before the y, so a y after a vowel is left alone).
    /// </summary>
    public static string Syllable(string folded)
    {
        var s = folded;
        if (s.StartsWith("dd", StringComparison.Ordinal)) s = s[1..];
        if (s.StartsWith("ngh", StringComparison.Ordinal)) s = "ng" + s[3..];
        else if (s.StartsWith("gh", StringComparison.Ordinal)) s = "g" + s[2..];
        if (s.Length >= 2 && s[^1] == 'y' && (!IsVowel(s[^2]) || s is "quy"))
            s = s[..^1] + "i";
        return s;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>Escapes LIKE wildcards in a folded search term (used with ESCAPE '\').</summary>
    public static string LikeContains(string foldedTerm) =>
        "%" + foldedTerm.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
