using Egov.Platform.Files;
using Egov.Platform.Validation;

namespace Egov.Web.Api;

public static partial class Uploads
{
    /// <summary>
    /// The file of an import request: the first file of a multipart form, or the raw body. Over
    /// <paramref name="maxBytes"/> (as declared) or a form without a file is a problem on "file".
    /// </summary>
    public static async Task<Stream> FileAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            var mb = maxBytes / (1024 * 1024);
            throw DomainValidationException.For("file", "tooLarge", $"Tệp quá lớn (tối đa {mb} MB).", $"The file is larger than {mb} MB.");
        }
        if (!request.HasFormContentType) return request.Body;
        return (await FormAsync(request, ct)).Files.FirstOrDefault()?.OpenReadStream()
            ?? throw DomainValidationException.For("file", "required", "Hãy chọn tệp cần nhập.", "Choose a file.");
    }

    /// <summary>
    /// The request's form. A form the reader cannot parse (a multipart type without a boundary, a broken part, a part or
    /// header over the reader's limits) is a problem on "$" (400), not an error of the server.
    /// </summary>
    public static async Task<IFormCollection> FormAsync(HttpRequest request, CancellationToken ct)
    {
        try { return await request.ReadFormAsync(ct); }
        catch (InvalidDataException e)
        {
            throw DomainValidationException.For("$", "form", "Nội dung biểu mẫu (multipart/form-data hoặc x-www-form-urlencoded) không hợp lệ.",
                $"The form body is malformed: {e.Message}");
        }
    }

    /// <summary>
    /// The files of a multipart form as dossier attachments: a part named <c>document-{i}</c> belongs to the procedure's
    /// document i; an empty part without a name is a file input left empty. Over the per-file limit is a problem on "files".
    /// </summary>
    public static async Task<List<IncomingFile>> AttachmentsAsync(IFormFileCollection parts, CancellationToken ct)
    {
        var files = new List<IncomingFile>();
        foreach (var file in parts.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)))
        {
            if (file.Length > FileInspector.MaxFileBytes)
                throw DomainValidationException.For("files", "tooLarge",
                    $"Tệp \"{FileInspector.SafeName(file.FileName)}\" lớn hơn {FileInspector.MaxFileBytes / 1024 / 1024} MB.", "A file is larger than allowed.");
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            var index = DocumentPart().Match(file.Name) is { Success: true } m ? int.Parse(m.Groups[1].Value) : (int?)null;
            files.Add(new IncomingFile(file.FileName, buffer.ToArray(), index));
        }
        return files;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^document-(\d{1,3})$")]
    private static partial System.Text.RegularExpressions.Regex DocumentPart();
}
