namespace IndieGent.Testing;

/// <summary>An externally owned account on the test chain: its checksummed address and its private key (hex).</summary>
public sealed record TestAccount(string Address, string PrivateKey);
