using Egov.Platform.Validation;

namespace Egov.Web.Api;

public static class Uploads
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
        return (await request.ReadFormAsync(ct)).Files.FirstOrDefault()?.OpenReadStream()
            ?? throw DomainValidationException.For("file", "required", "Hãy chọn tệp cần nhập.", "Choose a file.");
    }
}
