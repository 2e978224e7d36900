using System.Security.Cryptography;
using System.Text;
using IndieGent.Payments.Protocol.Codecs;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>Keccak-256 (original padding), not FIPS 202 SHA3-256.</summary>
public sealed class Keccak256_vectors
{
    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")]
    [InlineData("Transfer(address,address,uint256)", "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")]
    [InlineData("TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)", "7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267")]
    public void Known_digests_match(string message, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexStringLower(Keccak256.Hash(Encoding.UTF8.GetBytes(message))));
    }

    [Fact]
    public void The_erc20_transfer_selector_is_a9059cbb()
    {
        Assert.Equal("a9059cbb", Convert.ToHexStringLower(Keccak256.Hash("transfer(address,uint256)"u8)[..4]));
    }

    [Fact]
    public void Keccak_differs_from_sha3_256()
    {
        Assert.NotEqual(Keccak256.Hash([]), Convert.FromHexString("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"));
    }

    /// <summary>
    /// The sponge with the FIPS 202 domain byte must equal the BCL's SHA3-256 at every length,
    /// including multi-block inputs and the rate boundary (135, 136, 137 bytes): this validates the
    /// permutation and absorption independently of the few published Keccak vectors.
    /// </summary>
    [Fact]
    public void The_same_sponge_with_sha3_padding_equals_the_bcl_sha3_256_at_every_length()
    {
        Assert.SkipUnless(SHA3_256.IsSupported, "The platform's crypto library has no SHA3-256.");
        var random = new Random(8785);
        Span<byte> ours = stackalloc byte[32];
        for (var length = 0; length <= 700; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Keccak256.Sponge(data, ours, 0x06);
            Assert.Equal(Convert.ToHexStringLower(SHA3_256.HashData(data)), Convert.ToHexStringLower(ours));
        }
    }
}
