using QRCoder;

namespace IndieGent.Cli.Rendering;

/// <summary>A QR code drawn with half-block characters (two modules per character row), scannable from a terminal.</summary>
public static class TerminalQrCode
{
    /// <summary>
    /// The code's lines, with the quiet zone phones need. The light modules (and the quiet zone) are the drawn blocks, so on the usual
    /// dark terminal the code reads dark-on-light, as scanners expect.
    /// </summary>
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var code = new AsciiQRCode(data);
        return code.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: "\n");
    }
}
