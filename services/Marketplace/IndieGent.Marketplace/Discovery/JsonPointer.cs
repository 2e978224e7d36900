using System.Globalization;

namespace IndieGent.Marketplace.Discovery;

/// <summary>RFC 6901 pointers: <c>~</c> is written <c>~0</c> and <c>/</c> is written <c>~1</c> inside a token.</summary>
internal static class JsonPointer
{
    public const string Document = "";

    public static string Append(string pointer, string name) => pointer + "/" + name.Replace("~", "~0").Replace("/", "~1");

    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(CultureInfo.InvariantCulture);
}
