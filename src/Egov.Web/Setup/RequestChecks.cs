using System.Text;
using Microsoft.Net.Http.Headers;

namespace Egov.Web.Setup;

/// <summary>Checks of an API request's headers that the framework would otherwise turn into server errors.</summary>
public static class RequestChecks
{
    /// <summary>
    /// A Content-Type whose charset names no known encoding (application/json; charset="x") is refused with 415 problem
    /// details before an endpoint reads the body: the JSON reader would throw InvalidOperationException (a 500).
    /// </summary>
    public static IApplicationBuilder UseApiRequestChecks(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/api") && http.Request.ContentType is { Length: > 0 } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue && !KnownEncoding(media.Charset.Value!))
            throw new BadHttpRequestException($"The charset \"{media.Charset}\" is not a known encoding.", StatusCodes.Status415UnsupportedMediaType);
        await next(http);
    });

    private static bool KnownEncoding(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException) { return false; }
    }
}
