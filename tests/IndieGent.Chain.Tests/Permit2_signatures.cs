using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IndieGent.Chain.Permit2;
using Nethereum.ABI.EIP712;
using Nethereum.Signer;

namespace IndieGent.Chain.Tests;

/// <summary>
/// <see cref="Permit2Signatures"/> against an independent EIP-712 implementation (Nethereum's typed-data
/// encoder, fed the JSON a wallet gets for <c>eth_signTypedData_v4</c>, as viem and @x402/evm build it).
/// </summary>
public sealed class Permit2_signatures
{
    private const long ChainId = 8453;
    private static readonly EvmAddress Permit2 = Permit2Signatures.CanonicalAddress;
    private static readonly EvmAddress Usdc = EvmAddress.Parse("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
    private static readonly EvmAddress Spender = EvmAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly BigInteger BigNonce = BigInteger.Parse("57896044618658097711785492504343953926634992332820282019728792003956564819967");

    [Fact]
    public void The_canonical_address_and_the_MPP_witness_type_string_are_the_published_ones()
    {
        Assert.Equal("0x000000000022D473030F116dDEE9F6B43aC78BA3", Permit2Signatures.CanonicalAddress.ToString());
        Assert.Equal(
            "PaymentWitness witness)PaymentWitness(bytes32 challengeHash,string externalId)TokenPermissions(address token,uint256 amount)",
            Permit2Signatures.PaymentWitnessTypeString);
    }

    [Fact]
    public void The_domain_separator_is_EIP_712_hashStruct_of_a_domain_with_name_Permit2_and_no_version()
    {
        var message = new JsonObject
        {
            ["permitted"] = Permission(new TokenPermission(Usdc, 1)),
            ["spender"] = Spender.ToString(),
            ["nonce"] = "0",
            ["deadline"] = "0",
        };
        var json = TypedData("PermitTransferFrom", message, new JsonObject
        {
            ["PermitTransferFrom"] = Members(("permitted", "TokenPermissions"), ("spender", "address"), ("nonce", "uint256"), ("deadline", "uint256")),
            ["TokenPermissions"] = Members(("token", "address"), ("amount", "uint256")),
        });

        var expected = Eip712TypedDataEncoder.Current.HashDomainSeparator(TypedDataRawJsonConversion.DeserialiseJsonToRawTypedData(json));

        Assert.Equal(expected, Permit2Signatures.DomainSeparator(ChainId, Permit2));
    }

    [Theory]
    [InlineData("order-42")]
    [InlineData("")]
    [InlineData("ünïcødé ✓")]
    public void The_single_witness_digest_is_the_hash_of_the_typed_data_a_wallet_signs(string externalId)
    {
        var challengeHash = RandomNumberGenerator.GetBytes(32);
        var permitted = new TokenPermission(Usdc, 1_050_000);
        var message = new JsonObject
        {
            ["permitted"] = Permission(permitted),
            ["spender"] = Spender.ToString(),
            ["nonce"] = BigNonce.ToString(),
            ["deadline"] = "1900000000",
            ["witness"] = new JsonObject { ["challengeHash"] = Hex(challengeHash), ["externalId"] = externalId },
        };
        var json = TypedData("PermitWitnessTransferFrom", message, new JsonObject
        {
            ["PermitWitnessTransferFrom"] = Members(("permitted", "TokenPermissions"), ("spender", "address"), ("nonce", "uint256"),
                ("deadline", "uint256"), ("witness", "PaymentWitness")),
            ["TokenPermissions"] = Members(("token", "address"), ("amount", "uint256")),
            ["PaymentWitness"] = Members(("challengeHash", "bytes32"), ("externalId", "string")),
        });

        var digest = Permit2Signatures.SingleDigest(ChainId, Permit2, permitted, Spender, BigNonce, 1_900_000_000,
            Permit2Signatures.PaymentWitnessHash(challengeHash, externalId), Permit2Signatures.PaymentWitnessTypeString);

        Assert.Equal(Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(json), digest);
    }

    [Fact]
    public void The_batch_witness_digest_is_the_hash_of_the_typed_data_a_wallet_signs()
    {
        var challengeHash = RandomNumberGenerator.GetBytes(32);
        TokenPermission[] permitted = [new(Usdc, 1_000_000), new(Usdc, 50_000), new(Spender, 1)];
        var message = new JsonObject
        {
            ["permitted"] = new JsonArray([.. permitted.Select(p => (JsonNode)Permission(p))]),
            ["spender"] = Spender.ToString(),
            ["nonce"] = "7",
            ["deadline"] = "1900000000",
            ["witness"] = new JsonObject { ["challengeHash"] = Hex(challengeHash), ["externalId"] = "split-1" },
        };
        var json = TypedData("PermitBatchWitnessTransferFrom", message, new JsonObject
        {
            ["PermitBatchWitnessTransferFrom"] = Members(("permitted", "TokenPermissions[]"), ("spender", "address"), ("nonce", "uint256"),
                ("deadline", "uint256"), ("witness", "PaymentWitness")),
            ["TokenPermissions"] = Members(("token", "address"), ("amount", "uint256")),
            ["PaymentWitness"] = Members(("challengeHash", "bytes32"), ("externalId", "string")),
        });

        var digest = Permit2Signatures.BatchDigest(ChainId, Permit2, permitted, Spender, 7, 1_900_000_000,
            Permit2Signatures.PaymentWitnessHash(challengeHash, "split-1"), Permit2Signatures.PaymentWitnessTypeString);

        Assert.Equal(Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(json), digest);
    }

    [Fact]
    public void The_digests_without_a_witness_are_the_hashes_of_their_typed_data()
    {
        var permitted = new TokenPermission(Usdc, 5);
        var tokenPermissions = Members(("token", "address"), ("amount", "uint256"));
        var single = TypedData("PermitTransferFrom",
            new JsonObject { ["permitted"] = Permission(permitted), ["spender"] = Spender.ToString(), ["nonce"] = "1", ["deadline"] = "2" },
            new JsonObject
            {
                ["PermitTransferFrom"] = Members(("permitted", "TokenPermissions"), ("spender", "address"), ("nonce", "uint256"), ("deadline", "uint256")),
                ["TokenPermissions"] = tokenPermissions.DeepClone(),
            });
        var batch = TypedData("PermitBatchTransferFrom",
            new JsonObject { ["permitted"] = new JsonArray(Permission(permitted)), ["spender"] = Spender.ToString(), ["nonce"] = "1", ["deadline"] = "2" },
            new JsonObject
            {
                ["PermitBatchTransferFrom"] = Members(("permitted", "TokenPermissions[]"), ("spender", "address"), ("nonce", "uint256"), ("deadline", "uint256")),
                ["TokenPermissions"] = tokenPermissions.DeepClone(),
            });

        Assert.Equal(Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(single), Permit2Signatures.SingleDigest(ChainId, Permit2, permitted, Spender, 1, 2));
        Assert.Equal(Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(batch), Permit2Signatures.BatchDigest(ChainId, Permit2, [permitted], Spender, 1, 2));
        // A batch of one is another message than the single permit of the same token.
        Assert.NotEqual(Permit2Signatures.SingleDigest(ChainId, Permit2, permitted, Spender, 1, 2), Permit2Signatures.BatchDigest(ChainId, Permit2, [permitted], Spender, 1, 2));
    }

    [Fact]
    public void A_signature_recovers_to_its_signer_and_its_compact_form_keeps_r_and_carries_the_parity_in_the_top_bit()
    {
        var key = EthECKey.GenerateKey();
        var digest = RandomNumberGenerator.GetBytes(32);

        var signature = Permit2Signatures.Sign(digest, key);

        Assert.True(signature.IsLowS);
        Assert.Equal(EvmAddress.Parse(key.GetPublicAddress()), Permit2Signatures.Recover(digest, signature));
        Assert.NotEqual(EvmAddress.Parse(key.GetPublicAddress()), Permit2Signatures.Recover(RandomNumberGenerator.GetBytes(32), signature));
        var compact = Permit2Signatures.ToCompact(signature);
        Assert.Equal(64, compact.Length);
        Assert.Equal(signature.R, compact[..32]);
        Assert.Equal(signature.V == 28, (compact[32] & 0x80) != 0);
        compact[32] &= 0x7f;
        Assert.Equal(signature.S, compact[32..]);
    }

    [Fact]
    public void Values_that_are_not_uint256_and_hashes_that_are_not_32_bytes_are_refused()
    {
        var permitted = new TokenPermission(Usdc, 1);
        var witness = new byte[32];
        var type = Permit2Signatures.PaymentWitnessTypeString;

        Assert.Throws<ArgumentOutOfRangeException>(() => Permit2Signatures.SingleDigest(ChainId, Permit2, permitted, Spender, -1, 2, witness, type));
        Assert.Throws<ArgumentOutOfRangeException>(() => Permit2Signatures.SingleDigest(ChainId, Permit2, permitted, Spender, BigInteger.One << 256, 2, witness, type));
        Assert.Throws<ArgumentOutOfRangeException>(() => Permit2Signatures.BatchDigest(ChainId, Permit2, [permitted with { Amount = -5 }], Spender, 1, 2, witness, type));
        Assert.Throws<ArgumentException>(() => Permit2Signatures.SingleDigest(ChainId, Permit2, permitted, Spender, 1, 2, new byte[31], type));
        Assert.Throws<ArgumentException>(() => Permit2Signatures.PaymentWitnessHash(new byte[33], "x"));
        Assert.Throws<ArgumentException>(() => Permit2Signatures.Sign(new byte[31], EthECKey.GenerateKey()));
        // The largest uint256 is fine.
        Assert.Equal(32, Permit2Signatures.SingleDigest(ChainId, Permit2, permitted, Spender, (BigInteger.One << 256) - 1, 2, witness, type).Length);
    }

    private static JsonObject Permission(TokenPermission permitted) =>
        new() { ["token"] = permitted.Token.ToString(), ["amount"] = permitted.Amount.ToString() };

    private static JsonArray Members(params (string Name, string Type)[] members) =>
        new([.. members.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["type"] = m.Type })]);

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static string TypedData(string primaryType, JsonObject message, JsonObject types)
    {
        types["EIP712Domain"] = Members(("name", "string"), ("chainId", "uint256"), ("verifyingContract", "address"));
        return new JsonObject
        {
            ["types"] = types,
            ["primaryType"] = primaryType,
            ["domain"] = new JsonObject { ["name"] = "Permit2", ["chainId"] = ChainId, ["verifyingContract"] = Permit2.ToString() },
            ["message"] = message,
        }.ToJsonString();
    }
}
