using System.Security.Cryptography;
using System.Text;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Signing;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>The signed text every platform credential travels in: only a trusted key's untouched text opens.</summary>
public sealed class Es256_envelope
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly ECDsa Other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly Dictionary<string, ECDsa> Trusted = new() { ["k1"] = Key };

    [Fact]
    public void A_sealed_payload_opens_with_the_key_it_was_signed_with()
    {
        var text = Es256Envelope.Seal("{\"a\":1}"u8, "k1", Key);

        Assert.StartsWith("k1.", text, StringComparison.Ordinal);
        Assert.Equal("{\"a\":1}"u8.ToArray(), Es256Envelope.Open(text, Trusted, 1000, "thing", out var problem));
        Assert.Equal("", problem);
    }

    [Fact]
    public void The_signature_is_ES256_in_P1363_form_over_the_key_id_and_the_encoded_payload()
    {
        var parts = Es256Envelope.Seal("payload"u8, "k1", Key).Split('.');
        var signature = Base64Url.Decode(parts[2]);

        Assert.Equal(64, signature.Length);
        Assert.True(Key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void A_text_of_another_key_an_unknown_key_id_or_a_changed_payload_does_not_open()
    {
        var forged = Es256Envelope.Seal("x"u8, "k1", Other);
        var unknown = Es256Envelope.Seal("x"u8, "k2", Key);
        var parts = Es256Envelope.Seal("x"u8, "k1", Key).Split('.');
        var changed = $"{parts[0]}.{Base64Url.Encode("y"u8)}.{parts[2]}";

        Assert.Null(Es256Envelope.Open(forged, Trusted, 1000, "thing", out var problem));
        Assert.Equal("The thing's signature is not valid.", problem);
        Assert.Null(Es256Envelope.Open(unknown, Trusted, 1000, "thing", out problem));
        Assert.Contains("'k2'", problem, StringComparison.Ordinal);
        Assert.Null(Es256Envelope.Open(changed, Trusted, 1000, "thing", out problem));
        Assert.Equal("The thing's signature is not valid.", problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("k1.abc")]
    [InlineData("k1.a.b.c")]
    public void A_missing_or_misshapen_text_does_not_open(string? text)
    {
        Assert.Null(Es256Envelope.Open(text, Trusted, 1000, "thing", out var problem));
        Assert.Equal("The thing is missing, oversized or not of the form keyId.payload.signature.", problem);
    }

    [Fact]
    public void An_oversized_text_is_refused_before_its_signature_is_checked()
    {
        var text = Es256Envelope.Seal(new byte[600], "k1", Key);

        Assert.NotNull(Es256Envelope.Open(text, Trusted, text.Length, "thing", out _));
        Assert.Null(Es256Envelope.Open(text, Trusted, text.Length - 1, "thing", out var problem));
        Assert.Contains("oversized", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Padded_or_non_canonical_base64url_does_not_open()
    {
        var parts = Es256Envelope.Seal("ab"u8, "k1", Key).Split('.');

        Assert.Null(Es256Envelope.Open($"{parts[0]}.{parts[1]}=.{parts[2]}", Trusted, 1000, "thing", out _));
        Assert.Null(Es256Envelope.Open($"{parts[0]}.{parts[1]}.{parts[2]}==", Trusted, 1000, "thing", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    public void A_key_id_that_cannot_head_an_envelope_is_refused(string keyId) =>
        Assert.Throws<ArgumentException>(() => Es256Envelope.Seal("x"u8, keyId, Key));
}
