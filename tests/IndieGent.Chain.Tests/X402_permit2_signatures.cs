using System.Numerics;
using System.Text.Json.Nodes;
using IndieGent.Chain.Permit2;
using IndieGent.Chain.X402;
using Nethereum.ABI.EIP712;
using Nethereum.Signer;
using Nethereum.Util;

namespace IndieGent.Chain.Tests;

/// <summary>
/// <see cref="X402Permit2Signatures"/> against the typed data @x402/evm's clients sign
/// (<c>uptoPermit2WitnessTypes</c>, <c>permit2WitnessTypes</c>), hashed by Nethereum's EIP-712 encoder and,
/// for fixed vectors, by viem's <c>hashTypedData</c> / <c>signTypedData</c> with @x402/evm 2.27.0's constants.
/// </summary>
public sealed class X402_permit2_signatures
{
    private const long ChainId = 8453;
    private static readonly EvmAddress Usdc = EvmAddress.Parse("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
    private static readonly EvmAddress PayTo = EvmAddress.Parse("0x209693Bc6afc0C5328bA36FaF03C514EF312287C");
    private static readonly EvmAddress Facilitator = EvmAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    // The example permit of x402's specs/schemes/upto/scheme_upto_evm.md.
    private static readonly PermitTransferFrom Permit = new(new TokenPermission(Usdc, 5_000_000),
        BigInteger.Parse("0f3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480", System.Globalization.NumberStyles.HexNumber), 1_740_672_154);

    [Fact]
    public void The_canonical_addresses_and_witness_type_strings_are_x402s()
    {
        // As exported by @x402/evm (x402UptoPermit2ProxyAddress, x402ExactPermit2ProxyAddress) and the proxies' WITNESS_TYPE_STRING.
        Assert.Equal("0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002", X402Permit2Signatures.UptoProxyCanonicalAddress.ToString());
        Assert.Equal("0x402085c248EeA27D92E8b30b2C58ed07f9E20001", X402Permit2Signatures.ExactProxyCanonicalAddress.ToString());
        Assert.Equal("Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,address facilitator,uint256 validAfter)",
            X402Permit2Signatures.UptoWitnessTypeString);
        Assert.Equal("Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,uint256 validAfter)",
            X402Permit2Signatures.ExactWitnessTypeString);
        Assert.Equal(Sha3Keccack.Current.CalculateHash("Witness(address to,address facilitator,uint256 validAfter)"u8.ToArray()),
            X402Permit2Signatures.UptoWitnessTypeHash);
        Assert.Equal(Sha3Keccack.Current.CalculateHash("Witness(address to,uint256 validAfter)"u8.ToArray()),
            X402Permit2Signatures.ExactWitnessTypeHash);
    }

    [Fact]
    public void The_upto_digest_is_the_hash_of_the_typed_data_the_x402_client_signs()
    {
        var witness = new UptoWitness(PayTo, Facilitator, 1_740_672_089);
        var json = TypedData(X402Permit2Signatures.UptoProxyCanonicalAddress,
            new JsonObject { ["to"] = PayTo.ToString(), ["facilitator"] = Facilitator.ToString(), ["validAfter"] = "1740672089" },
            Members(("to", "address"), ("facilitator", "address"), ("validAfter", "uint256")));

        var digest = X402Permit2Signatures.UptoDigest(ChainId, Permit2Signatures.CanonicalAddress, X402Permit2Signatures.UptoProxyCanonicalAddress, Permit, witness);

        Assert.Equal(Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(json), digest);
        // viem's hashTypedData over @x402/evm's uptoPermit2WitnessTypes, same values.
        Assert.Equal("0x8234411051c6dd3f083067a84af52afc317c91dda1f8e20961401ffcf40f3086", Hex(digest));
        Assert.Equal(
            Permit2Signatures.SingleDigest(ChainId, Permit2Signatures.CanonicalAddress, Permit.Permitted, X402Permit2Signatures.UptoProxyCanonicalAddress,
                Permit.Nonce, Permit.Deadline, X402Permit2Signatures.UptoWitnessHash(PayTo, Facilitator, 1_740_672_089), X402Permit2Signatures.UptoWitnessTypeString),
            digest);
    }

    [Fact]
    public void The_exact_digest_is_the_hash_of_the_typed_data_the_x402_client_signs()
    {
        var witness = new ExactWitness(PayTo, 1_740_672_089);
        var json = TypedData(X402Permit2Signatures.ExactProxyCanonicalAddress,
            new JsonObject { ["to"] = PayTo.ToString(), ["validAfter"] = "1740672089" },
            Members(("to", "address"), ("validAfter", "uint256")));

        var digest = X402Permit2Signatures.ExactDigest(ChainId, Permit2Signatures.CanonicalAddress, X402Permit2Signatures.ExactProxyCanonicalAddress, Permit, witness);

        Assert.Equal(Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(json), digest);
        Assert.Equal("0xdebd1887f571e0bab31ca26d67b013e3e0f33af662244854d5ba0e27a5b75dc7", Hex(digest));
    }

    [Fact]
    public void Signing_gives_the_same_bytes_as_viem_signTypedData_with_the_same_key()
    {
        // Both sign deterministically (RFC 6979), so the signatures agree byte for byte; the key is anvil's public dev account 1.
        var key = new EthECKey(AnvilDevAccounts.Account1.PrivateKey);

        var upto = X402Permit2Signatures.SignUpto(ChainId, Permit2Signatures.CanonicalAddress, X402Permit2Signatures.UptoProxyCanonicalAddress, Permit,
            new UptoWitness(PayTo, Facilitator, 1_740_672_089), key);
        var exact = X402Permit2Signatures.SignExact(ChainId, Permit2Signatures.CanonicalAddress, X402Permit2Signatures.ExactProxyCanonicalAddress, Permit,
            new ExactWitness(PayTo, 1_740_672_089), key);

        Assert.Equal("0xbb38dd225ff1ae926f6fddac39fc2f27e0fff0c8286dd38b8c29c39641c7abd05cd9dd32b2dbf660ab23c8bac2ca425891bd533bf00d2a058374b823b122f6621b", upto.ToHex());
        Assert.Equal("0x5f8e14c79cf0c0e8596192af253c8b69839fb8a85ce098ab346265af85b6c0392372ea4d1ca3660c627384b9f206fa6ddf9c64d039ed81577c2d1fb5367dcdb91c", exact.ToHex());
    }

    [Fact]
    public void The_upto_and_exact_messages_differ_and_every_witness_field_is_signed()
    {
        var permit2 = Permit2Signatures.CanonicalAddress;
        var proxy = X402Permit2Signatures.UptoProxyCanonicalAddress;
        var witness = new UptoWitness(PayTo, Facilitator, 100);
        var digest = X402Permit2Signatures.UptoDigest(ChainId, permit2, proxy, Permit, witness);

        Assert.NotEqual(digest, X402Permit2Signatures.UptoDigest(ChainId, permit2, proxy, Permit, witness with { To = Facilitator }));
        Assert.NotEqual(digest, X402Permit2Signatures.UptoDigest(ChainId, permit2, proxy, Permit, witness with { Facilitator = PayTo }));
        Assert.NotEqual(digest, X402Permit2Signatures.UptoDigest(ChainId, permit2, proxy, Permit, witness with { ValidAfter = 101 }));
        Assert.NotEqual(digest, X402Permit2Signatures.UptoDigest(ChainId, permit2, X402Permit2Signatures.ExactProxyCanonicalAddress, Permit, witness));
        Assert.NotEqual(digest, X402Permit2Signatures.ExactDigest(ChainId, permit2, proxy, Permit, new ExactWitness(PayTo, 100)));
        Assert.NotEqual(X402Permit2Signatures.UptoWitnessHash(witness), X402Permit2Signatures.ExactWitnessHash(PayTo, 100));
    }

    [Fact]
    public void A_valid_after_that_is_not_a_uint256_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => X402Permit2Signatures.UptoWitnessHash(PayTo, Facilitator, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => X402Permit2Signatures.ExactWitnessHash(PayTo, BigInteger.One << 256));
        Assert.Equal(32, X402Permit2Signatures.ExactWitnessHash(PayTo, (BigInteger.One << 256) - 1).Length);
        Assert.Throws<ArgumentNullException>(() => X402Permit2Signatures.UptoWitnessHash(null!));
    }

    private static JsonArray Members(params (string Name, string Type)[] members) =>
        new([.. members.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["type"] = m.Type })]);

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>The <c>eth_signTypedData_v4</c> JSON @x402/evm's clients build: Permit2's domain, the proxy as spender.</summary>
    private static string TypedData(EvmAddress spender, JsonObject witness, JsonArray witnessMembers) => new JsonObject
    {
        ["types"] = new JsonObject
        {
            ["EIP712Domain"] = Members(("name", "string"), ("chainId", "uint256"), ("verifyingContract", "address")),
            ["PermitWitnessTransferFrom"] = Members(("permitted", "TokenPermissions"), ("spender", "address"), ("nonce", "uint256"),
                ("deadline", "uint256"), ("witness", "Witness")),
            ["TokenPermissions"] = Members(("token", "address"), ("amount", "uint256")),
            ["Witness"] = witnessMembers,
        },
        ["primaryType"] = "PermitWitnessTransferFrom",
        ["domain"] = new JsonObject { ["name"] = "Permit2", ["chainId"] = ChainId, ["verifyingContract"] = Permit2Signatures.CanonicalAddress.ToString() },
        ["message"] = new JsonObject
        {
            ["permitted"] = new JsonObject { ["token"] = Usdc.ToString(), ["amount"] = Permit.Permitted.Amount.ToString() },
            ["spender"] = spender.ToString(),
            ["nonce"] = Permit.Nonce.ToString(),
            ["deadline"] = Permit.Deadline.ToString(),
            ["witness"] = witness,
        },
    }.ToJsonString();
}
