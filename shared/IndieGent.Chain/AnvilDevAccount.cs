namespace IndieGent.Chain;

/// <summary>One of anvil's pre-funded development accounts.</summary>
/// <param name="Index">Position in the default mnemonic's derivation path (m/44'/60'/0'/0/index).</param>
/// <param name="Address">The account address.</param>
/// <param name="PrivateKey">The account's private key, 0x-prefixed hex. Public knowledge: never use it on a real chain.</param>
public sealed record AnvilDevAccount(int Index, EvmAddress Address, string PrivateKey)
{
    /// <summary>The address only: the record is printed in test output and logs, the key must not be.</summary>
    public override string ToString() => $"anvil dev account {Index} ({Address})";
}
