using IndieGent.Payments.Protocol.Http;

namespace IndieGent.Payments.Protocol.Legacy;

internal static class LegacyParameters
{
    public static string Required(AuthChallenge challenge, string name) =>
        Optional(challenge, name) ?? throw new PaymentProtocolException(PaymentProtocolErrorCode.MissingParameter, $"The parameter '{name}' is required.", name);

    public static string? Optional(AuthChallenge challenge, string name)
    {
        if (challenge.TryGetParameter(name, out var value))
            return value.Length > 0 ? value : throw new PaymentProtocolException(PaymentProtocolErrorCode.EmptyParameter, $"The parameter '{name}' must not be empty.", name);
        if (challenge.IsMalformed(name))
            throw new PaymentProtocolException(PaymentProtocolErrorCode.InvalidParameter, $"The parameter '{name}' is malformed.", name);
        return null;
    }
}
