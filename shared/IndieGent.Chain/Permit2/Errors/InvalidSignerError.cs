using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Errors;

/// <summary>Permit2 custom error <c>InvalidSigner</c>: The signature recovers to someone other than the owner: another key signed, or it signed another message (spender, amount, nonce, deadline, witness or chain).</summary>
[Error("InvalidSigner")]
public sealed class InvalidSignerError;
