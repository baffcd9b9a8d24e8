using System.IO.Compression;
using Egov.Platform.Files;
using Egov.Platform.Validation;

namespace Egov.Platform.Tests;

/// <summary>Uploads judged by content: zip bombs dressed as Word or Excel files are refused; names cannot hide their extension.</summary>
public class FileInspectorTests
{
    private static byte[] Package(string part, int megabytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = zip.CreateEntry("[Content_Types].xml").Open()) types.Write("<Types/>"u8);
            using var body = zip.CreateEntry(part).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < megabytes; i++) body.Write(zeros);
            if (megabytes == 0) body.Write("<w:document/>"u8);
        }
        return buffer.ToArray();
    }

    [Fact]
    public void A_word_file_is_kept_and_a_zip_bomb_dressed_as_one_is_refused()
    {
        var errors = new ValidationErrors();
        var kept = FileInspector.Check([new IncomingFile("to-khai.docx", Package("word/document.xml", 0))], "files", errors);
        Assert.Equal(".docx", Path.GetExtension(Assert.Single(kept).FileName));
        Assert.False(errors.Any);

        var bomb = Package("xl/workbook.xml", 300);
        Assert.True(bomb.Length < 1024 * 1024);
        Assert.Empty(FileInspector.Check([new IncomingFile("bang.xlsx", bomb)], "files", errors));
        Assert.Equal("archive", Assert.Single(errors.All).Code);
    }

    [Theory]
    [InlineData("hoso\u202Efdp.exe", "hosofdp.exe")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\x\0.pdf", "x.pdf")]
    [InlineData("\u200F\u202D", "tep")]
    public void Names_lose_their_path_controls_and_bidirectional_overrides(string raw, string safe) =>
        Assert.Equal(safe, FileInspector.SafeName(raw));
}
