using System.Security.Cryptography;
using IndieGent.Chain;
using IndieGent.Wallet.Api.Extensions;
using IndieGent.Wallet.Custody;

namespace IndieGent.Wallet.Tests;

public sealed class Key_envelopes
{
    private static readonly EvmAddress Address = EvmAddress.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;
    private readonly Guid _agent = Guid.NewGuid();
    private readonly byte[] _privateKey = RandomNumberGenerator.GetBytes(32);

    private static MasterKeyRing Ring(string active, params (string Id, byte[] Key)[] keys) =>
        new(keys.ToDictionary(k => k.Id, k => k.Key), active);

    private static readonly MasterKeyRing OnlyA = Ring("a", ("a", TestSecrets.MasterKeyA));

    private byte[] Open(MasterKeyRing ring, AgentKeyEnvelope envelope, Guid? agent = null, EvmAddress? address = null)
    {
        var result = new byte[32];
        ring.Open(agent ?? _agent, address ?? Address, envelope, result);
        return result;
    }

    [Fact]
    public void Round_trip_and_never_store_the_key_in_the_clear()
    {
        var envelope = OnlyA.Seal(_agent, Address, _privateKey, Now);
        Assert.Equal("a", envelope.MasterKeyId);
        Assert.Equal(-1, envelope.EncryptedPrivateKey.AsSpan().IndexOf(_privateKey));
        Assert.Equal(_privateKey, Open(OnlyA, envelope));
    }

    [Fact]
    public void Tampered_ciphertext_fails()
    {
        var envelope = OnlyA.Seal(_agent, Address, _privateKey, Now);
        var key = (byte[])envelope.EncryptedPrivateKey.Clone();
        key[20] ^= 1;
        Assert.Throws<KeyCustodyException>(() => Open(OnlyA, envelope with { EncryptedPrivateKey = key }));
        var wrapped = (byte[])envelope.WrappedDataKey.Clone();
        wrapped[^1] ^= 1;
        Assert.Throws<KeyCustodyException>(() => Open(OnlyA, envelope with { WrappedDataKey = wrapped }));
    }

    [Fact]
    public void An_envelope_moved_to_another_agent_or_address_fails()
    {
        var envelope = OnlyA.Seal(_agent, Address, _privateKey, Now);
        var other = Guid.NewGuid();
        Assert.Throws<KeyCustodyException>(() => Open(OnlyA, envelope with { Id = other }, agent: other));
        Assert.Throws<KeyCustodyException>(() => Open(OnlyA, envelope, address: EvmAddress.Parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc")));
    }

    [Fact]
    public void The_wrong_or_an_unknown_master_key_fails()
    {
        var envelope = OnlyA.Seal(_agent, Address, _privateKey, Now);
        Assert.Throws<KeyCustodyException>(() => Open(Ring("a", ("a", RandomNumberGenerator.GetBytes(32))), envelope));
        Assert.Throws<KeyCustodyException>(() => Open(Ring("b", ("b", TestSecrets.MasterKeyB)), envelope));
        // Relabelling the envelope to another configured key does not help: the key id is authenticated too.
        Assert.Throws<KeyCustodyException>(() =>
            Open(Ring("a", ("a", TestSecrets.MasterKeyA), ("b", TestSecrets.MasterKeyA)), envelope with { MasterKeyId = "b" }));
    }

    [Fact]
    public void Rotation_keeps_old_envelopes_readable_and_rewrap_moves_them_to_the_active_key()
    {
        var envelope = OnlyA.Seal(_agent, Address, _privateKey, Now);
        var rotated = Ring("b", ("a", TestSecrets.MasterKeyA), ("b", TestSecrets.MasterKeyB));
        Assert.Equal(_privateKey, Open(rotated, envelope));

        var rewrapped = rotated.Rewrap(envelope, Now);
        Assert.Equal("b", rewrapped.MasterKeyId);
        Assert.Equal(_privateKey, Open(Ring("b", ("b", TestSecrets.MasterKeyB)), rewrapped));
        Assert.Throws<KeyCustodyException>(() => Open(OnlyA, rewrapped));
        Assert.Equal("b", rotated.Seal(Guid.NewGuid(), Address, _privateKey, Now).MasterKeyId);
    }

    [Theory]
    [InlineData(null, "Wallet:ActiveKeyId")]
    [InlineData("z", "Wallet:ActiveKeyId")]
    public void Options_without_a_usable_active_key_name_the_setting(string? active, string setting)
    {
        var result = new WalletOptionsValidator().Validate(null, new WalletOptions
        {
            MasterKeys = { ["a"] = Convert.ToBase64String(TestSecrets.MasterKeyA) },
            ActiveKeyId = active,
        });
        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_with_a_short_master_key_name_the_setting_without_echoing_it()
    {
        var shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var result = new WalletOptionsValidator().Validate(null, new WalletOptions { MasterKeys = { ["k1"] = shortKey }, ActiveKeyId = "k1" });
        Assert.True(result.Failed);
        Assert.Contains("'k1' in Wallet:MasterKeysPath", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Master_keys_are_read_from_a_mounted_secret_s_files_and_nothing_else()
    {
        var directory = TestSecrets.MasterKeysDirectory(new Dictionary<string, byte[]> { ["k1"] = TestSecrets.MasterKeyA, ["k2"] = TestSecrets.MasterKeyB });
        var keys = MasterKeyFiles.Read(directory);
        Assert.Equal(["k1", "k2"], keys.Keys.Order());
        Assert.Equal(Convert.ToBase64String(TestSecrets.MasterKeyA), keys["k1"]);
        Assert.Empty(MasterKeyFiles.Read(Path.Combine(directory, "missing")));
    }

    [Fact]
    public void Options_without_master_key_files_name_the_setting()
    {
        var result = new WalletOptionsValidator().Validate(null, new WalletOptions { ActiveKeyId = "k1" });
        Assert.True(result.Failed);
        Assert.Contains("Wallet:MasterKeysPath", result.FailureMessage, StringComparison.Ordinal);
    }
}
