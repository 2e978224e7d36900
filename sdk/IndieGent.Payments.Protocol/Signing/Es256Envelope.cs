using System.Security.Cryptography;
using System.Text;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Signing;

/// <summary>
/// The one signed-text format of the platform's credentials (approval tickets, forwarded identities,
/// marketplace calls): <c>keyId.base64url(payload).base64url(signature)</c>, where the signature is
/// ECDSA P-256 / SHA-256 over the ASCII text <c>keyId.base64url(payload)</c> in IEEE P1363 form (r‖s,
/// 64 bytes). One party holds the private key; the others hold public keys by id, so keys rotate by
/// adding the new public key everywhere before the signer switches to it.
/// </summary>
public static class Es256Envelope
{
    /// <summary>The signed text of <paramref name="payload"/>.</summary>
    /// <param name="payload">The bytes to sign (usually UTF-8 JSON).</param>
    /// <param name="keyId">The id verifiers look the public key up by: non-empty, no dots.</param>
    /// <param name="key">The ECDSA P-256 private key.</param>
    /// <returns>The envelope text (ASCII, no padding).</returns>
    public static string Seal(ReadOnlySpan<byte> payload, string keyId, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrEmpty(keyId) || keyId.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException("A key id is a non-empty name without dots.", nameof(keyId));
        var signed = keyId + "." + Base64Url.Encode(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signed + "." + Base64Url.Encode(signature);
    }

    /// <summary>
    /// The payload of <paramref name="text"/> when one of <paramref name="keys"/> signed it; otherwise
    /// null and why. The signature is checked before anything else is read.
    /// </summary>
    /// <param name="text">The envelope text, or null when there is none.</param>
    /// <param name="keys">The trusted public keys by id.</param>
    /// <param name="maxLength">The longest text accepted (in characters).</param>
    /// <param name="what">What the text is, for <paramref name="problem"/> ("approval ticket").</param>
    /// <param name="problem">Empty on success; otherwise a sentence for logs and callers that names no secret.</param>
    /// <returns>The signed payload, or null.</returns>
    public static byte[]? Open(string? text, IReadOnlyDictionary<string, ECDsa> keys, int maxLength, string what, out string problem)
    {
        ArgumentNullException.ThrowIfNull(keys);
        problem = "";
        if (text is null || text.Length > maxLength || text.Split('.') is not [var keyId, var payloadText, var signatureText])
        {
            problem = $"The {what} is missing, oversized or not of the form keyId.payload.signature.";
            return null;
        }

        if (!keys.TryGetValue(keyId, out var key))
        {
            problem = $"The {what} was signed with key '{Printable(keyId)}', which this service does not trust.";
            return null;
        }

        if (!Base64Url.TryDecode(payloadText, out var payload) || !Base64Url.TryDecode(signatureText, out var signature) ||
            !key.VerifyData(Encoding.ASCII.GetBytes(keyId + "." + payloadText), signature, HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            problem = $"The {what}'s signature is not valid.";
            return null;
        }

        return payload;
    }

    private static string Printable(string text) =>
        text.Length <= 40 && !text.AsSpan().ContainsAnyExceptInRange(' ', '~') ? text : "(unprintable)";
}
