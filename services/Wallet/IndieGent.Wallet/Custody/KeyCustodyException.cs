namespace IndieGent.Wallet.Custody;

/// <summary>A key envelope could not be opened: unknown master key, or tampered, swapped or corrupt data.</summary>
public sealed class KeyCustodyException(string message, Exception? inner = null) : Exception(message, inner);
