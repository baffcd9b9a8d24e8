using System.IO.Compression;
using Egov.Platform.Validation;

namespace Egov.Platform.Files;

/// <summary>A file as a person or a partner system sent it; the declared name and type are not trusted.</summary>
public sealed record IncomingFile(string? FileName, byte[] Content, int? DocumentIndex = null);

/// <summary>A file whose content was recognised: the type comes from its bytes, the name is made safe.</summary>
public sealed record InspectedFile(string FileName, string ContentType, byte[] Content, int? DocumentIndex);

/// <summary>
/// Accepts the kinds of files a dossier carries — PDF, JPEG, PNG, Word and Excel (OOXML) — recognised by their content,
/// never by their name, and refuses everything else with a message naming the file.
/// </summary>
public static class FileInspector
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 30;

    public static IReadOnlyList<InspectedFile> Check(IReadOnlyList<IncomingFile>? files, string field, ValidationErrors errors)
    {
        var result = new List<InspectedFile>();
        if (files is null) return result;
        if (files.Count > MaxFiles)
        {
            errors.Add(field, "tooMany", $"Tối đa {MaxFiles} tệp mỗi lần.", $"At most {MaxFiles} files at a time.");
            return result;
        }
        for (var i = 0; i < files.Count; i++)
        {
            var f = files[i];
            var name = SafeName(f.FileName);
            var at = $"{field}[{i}]";
            if (f.Content.Length == 0)
                errors.Add(at, "empty", $"Tệp \"{name}\" rỗng.", $"The file \"{name}\" is empty.");
            else if (f.Content.LongLength > MaxFileBytes)
                errors.Add(at, "tooLarge", $"Tệp \"{name}\" lớn hơn {MaxFileBytes / 1024 / 1024} MB.", $"The file \"{name}\" is larger than {MaxFileBytes / 1024 / 1024} MB.");
            else if (IsZipBomb(f.Content))
                errors.Add(at, "archive", $"Tệp \"{name}\" là tệp nén bất thường (giải nén ra quá lớn) nên không được nhận.",
                    $"The file \"{name}\" is an abnormal archive (it would inflate to far more than its size).");
            else if (Recognise(f.Content) is not { } type)
                errors.Add(at, "type", $"Tệp \"{name}\" không phải PDF, ảnh JPG/PNG hay tài liệu Word/Excel (kiểm tra theo nội dung tệp).",
                    $"The file \"{name}\" is not a PDF, JPEG/PNG image or Word/Excel document (checked by its content).");
            else
                result.Add(new InspectedFile(WithExtension(name, type.Extension), type.ContentType, f.Content, f.DocumentIndex));
        }
        return result;
    }

    private sealed record FileType(string ContentType, string Extension);

    private static FileType? Recognise(byte[] b)
    {
        if (StartsWith(b, "%PDF-"u8)) return new("application/pdf", ".pdf");
        if (b.Length > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return new("image/jpeg", ".jpg");
        if (StartsWith(b, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return new("image/png", ".png");
        if (StartsWith(b, "PK\u0003\u0004"u8)) return Office(b);
        return null;
    }

    /// <summary>An OOXML package is a zip with [Content_Types].xml and a word/ or xl/ part; only the directory is read, nothing inflated.</summary>
    private static FileType? Office(byte[] b)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(b, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > 10_000 || zip.GetEntry("[Content_Types].xml") is null) return null;
            if (zip.Entries.Any(e => e.FullName.StartsWith("word/", StringComparison.Ordinal)))
                return new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
            if (zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)))
                return new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
            return null;
        }
        catch (InvalidDataException) { return null; }
    }

    /// <summary>What an OOXML package may inflate to: a real 10 MB document is far below, text compresses about 10:1.</summary>
    public const long MaxInflatedBytes = 200L * 1024 * 1024;

    /// <summary>
    /// A zip (Word and Excel files are zips) that declares more than <see cref="MaxInflatedBytes"/> uncompressed, or an entry
    /// inflating more than 1000 times over 1 MB: whoever opens it later (an officer's office suite, a converter) would be
    /// flooded. Only the central directory is read; nothing is inflated.
    /// </summary>
    private static bool IsZipBomb(byte[] b)
    {
        if (!StartsWith(b, "PK\u0003\u0004"u8)) return false;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(b, writable: false), ZipArchiveMode.Read);
            long total = 0;
            foreach (var e in zip.Entries)
            {
                total += e.Length;
                if (total > MaxInflatedBytes || (e.Length > 1024 * 1024 && e.Length / Math.Max(1, e.CompressedLength) > 1000)) return true;
            }
            return false;
        }
        catch (InvalidDataException) { return false; }
    }

    private static bool StartsWith(byte[] b, ReadOnlySpan<byte> prefix) => b.AsSpan().StartsWith(prefix);

    /// <summary>
    /// The last path segment without control, format (bidirectional overrides such as U+202E, zero-width) or reserved
    /// characters, so that "hoso\u202Efdp.exe" cannot show as "hosoexe.pdf"; "tep" when nothing is left.
    /// </summary>
    public static string SafeName(string? raw)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*')).ToArray()).Trim().TrimStart('.');
        if (name.Length > 120) name = name[..120];
        return name.Length == 0 ? "tep" : name;
    }

    private static string WithExtension(string name, string extension) =>
        name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) || (extension == ".jpg" && name.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            ? name : Path.GetFileNameWithoutExtension(name) + extension;
}
