using System.Text;
using CsCheck;
using IndieGent.Marketplace.Discovery;
using static IndieGent.Marketplace.Tests.TestDocuments;

namespace IndieGent.Marketplace.Tests;

/// <summary>
/// Mutated documents (JSON and YAML) and random bytes never make the reader throw, and whatever it
/// accepts keeps the listing's invariants.
/// </summary>
public sealed class Hostile_documents
{
    private const int Iterations = 20_000;

    private const string Specials = "{}[]\",:\\ \n\t-#&*!|>'%@`?0123456789.eE+/~$xnul\u00e9\u2028\ud800\u0000";

    private static readonly string[] Valid = [Search, Read("tidewater.json"), Read("tidewater.yaml"), Read("Draft/example-openapi-document.json")];

    private static readonly Gen<char> Char = Gen.Frequency((3, Gen.Char['a', 'z']), (5, Gen.OneOf(Specials.ToCharArray())), (1, Gen.Char));

    /// <summary>A valid document with a few characters deleted, inserted or replaced.</summary>
    private static readonly Gen<string> Mutated =
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Select(Gen.Int[0, 2], Gen.Double[0, 1], Gen.String[Char, 1, 6]).Array[1, 4], (seed, edits) =>
        {
            var text = new StringBuilder(Valid[seed]);
            foreach (var (kind, at, chars) in edits)
            {
                var index = (int)(at * text.Length);
                var length = Math.Min(chars.Length, text.Length - index);
                if (kind == 0) text.Remove(index, length);
                else if (kind == 1) text.Insert(index, chars);
                else text.Remove(index, length).Insert(index, chars);
            }
            return text.ToString();
        });

    private static readonly DiscoveryOptions WithDocumentUrl = new() { DocumentUrl = new Uri("https://api.example.com/openapi.json") };

    [Fact]
    public void Mutated_documents_are_read_or_refused_never_thrown_on()
    {
        Mutated.Sample(text =>
        {
            Check(OpenApiDiscovery.Parse(text));
            Check(OpenApiDiscovery.Parse(text, WithDocumentUrl));
        }, iter: Iterations);
    }

    [Fact]
    public void Random_bytes_are_refused_never_thrown_on()
    {
        Gen.Byte.Array[0, 300].Sample(bytes => Check(OpenApiDiscovery.Parse(bytes.AsMemory())), iter: Iterations);
    }

    private static void Check(DiscoveryResult result)
    {
        Assert.Equal(result.Succeeded, result.Errors.Count == 0);
        Assert.All(result.Errors.Concat(result.Warnings), issue => Assert.True(issue.Pointer.Length == 0 || issue.Pointer[0] == '/'));
        if (!result.Succeeded) return;
        var listing = result.Listing;
        Assert.True(listing.BaseUrl.Scheme is "http" or "https");
        Assert.NotEmpty(listing.PaidOperations);
        Assert.All(listing.Operations.SelectMany(o => o.Offers), offer => Assert.True(offer.IsDynamic || offer.AmountValue >= 0));
        Assert.All(listing.ServiceInfo.Categories, category => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", category));
        ListingSummary.Prices(listing);
        ListingSummary.SuggestSlug(listing);
    }
}
