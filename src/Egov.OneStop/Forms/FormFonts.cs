namespace Egov.OneStop.Forms;

internal enum FontStyle { Regular, Bold, Italic }

/// <summary>Serves Noto Serif (OFL, full Vietnamese coverage) from this assembly's resources, so the forms
/// render the same on a bare server with no fonts installed. Each face is read once and shared by all documents.</summary>
internal static class FormFonts
{
    private static readonly Lazy<TrueTypeFace> Regular = new(() => Load("NotoSerif-Regular"));
    private static readonly Lazy<TrueTypeFace> Bold = new(() => Load("NotoSerif-Bold"));
    private static readonly Lazy<TrueTypeFace> Italic = new(() => Load("NotoSerif-Italic"));

    /// <summary>No bold-italic face is shipped (kept to three files) and the forms use none.</summary>
    public static TrueTypeFace Face(FontStyle style) => style switch
    {
        FontStyle.Bold => Bold.Value,
        FontStyle.Italic => Italic.Value,
        _ => Regular.Value,
    };

    private static TrueTypeFace Load(string faceName)
    {
        using var stream = typeof(FormFonts).Assembly.GetManifestResourceStream($"Egov.OneStop.Forms.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font resource {faceName}.ttf is missing from the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new TrueTypeFace(faceName, buffer.ToArray());
    }
}
