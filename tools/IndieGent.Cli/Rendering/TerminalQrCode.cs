using QRCoder;

namespace IndieGent.Cli.Rendering;

/// <summary>A QR code drawn with half-block characters (two modules per character row), scannable from a terminal.</summary>
public static class TerminalQrCode
{
    /// <summary>The code's lines. Drawn dark-on-light (inverted for the usual light-on-dark terminal), with the quiet zone phones need.</summary>
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var code = new AsciiQRCode(data);
        return code.GetGraphicSmall(drawQuietZones: true, invert: true, endOfLine: "\n");
    }
}
