namespace IndieGent.Payments.Protocol.Http;

/// <summary>One <c>auth-param</c> after quoted-string unescaping. Names compare case-insensitively.</summary>
/// <param name="Name">The parameter name as written.</param>
/// <param name="Value">The unescaped value.</param>
public readonly record struct AuthParameter(string Name, string Value);
