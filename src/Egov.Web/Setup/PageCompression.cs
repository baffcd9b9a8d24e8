using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Egov.Web.Setup;

public static class PageCompression
{
    /// <summary>
    /// Pages (text/html) go out compressed, Brotli or gzip as the browser accepts, at the fastest level: a page shrinks to a
    /// fifth for well under a millisecond of CPU. The stylesheet is compressed at build time and served by MapStaticAssets;
    /// API responses (JSON, files) are left as they are.
    /// BREACH: a compressed response that reflects an attacker's text beside a secret leaks the secret through its size. The
    /// antiforgery token on our pages is re-encrypted with a fresh random key for every response (Data Protection), so there is
    /// nothing stable to guess. Personal data (a signed-in person's name in the header, their dossiers) is what could be
    /// guessed, and a page reflects an attacker's text only from its query string (a POST needs the antiforgery token): so a
    /// signed-in person's page with a query string goes out uncompressed (<see cref="PageCompressionProvider"/>).
    /// </summary>
    public static IServiceCollection AddPageCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["text/html"];
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.AddSingleton<IResponseCompressionProvider, PageCompressionProvider>();
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}

/// <summary>Compresses as configured, except a signed-in person's page requested with a query string (BREACH).</summary>
public sealed class PageCompressionProvider(IServiceProvider services, Microsoft.Extensions.Options.IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context) =>
        !(context.Request.QueryString.HasValue && context.User.Identity?.IsAuthenticated == true) && base.ShouldCompressResponse(context);
}
