using PdfSharp.Fonts;

namespace Egov.OneStop.Forms;

/// <summary>Serves Noto Serif (OFL, full Vietnamese coverage) from this assembly's resources, so the forms
/// render the same on a bare server with no fonts installed.</summary>
internal sealed class FormFonts : IFontResolver
{
    public const string Family = "Egov Noto Serif";
    private const string Regular = "NotoSerif-Regular", Bold = "NotoSerif-Bold", Italic = "NotoSerif-Italic";
    private static readonly object Gate = new();
    private static bool _installed;

    /// <summary>PDFsharp has one process-wide resolver that cannot change once a font was used; install ours once.
    /// Another resolver already installed by the host is kept and must then serve <see cref="Family"/> itself.</summary>
    public static void Install()
    {
        if (_installed) return;
        lock (Gate)
        {
            if (_installed) return;
            GlobalFontSettings.FontResolver ??= new FormFonts();
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic)
    {
        if (!string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase)) return null;
        // No bold-italic face is shipped (kept to three files): bold wins, italic is simulated.
        if (isBold) return new FontResolverInfo(Bold, false, isItalic);
        return new FontResolverInfo(isItalic ? Italic : Regular);
    }

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(FormFonts).Assembly.GetManifestResourceStream($"Egov.OneStop.Forms.Fonts.{faceName}.ttf");
        if (stream is null) return null;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
