using System.Numerics;
using System.Text.Json;
using IndieGent.Payments.Protocol.Codecs;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Payments.Protocol.X402;

/// <summary>
/// One entry of <c>accepts</c>. The object is kept verbatim in <see cref="Json"/> because the client
/// echoes it as <c>accepted</c> and servers compare it structurally. v2 names the amount <c>amount</c>;
/// v1 names it <c>maxAmountRequired</c> and adds <c>resource</c>, <c>description</c> and <c>mimeType</c>.
/// </summary>
public sealed record X402PaymentRequirements
{
    /// <summary>The longest <c>maxTimeoutSeconds</c> accepted (a year): payers add it to the clock.</summary>
    public const long MaxTimeoutSecondsLimit = 365L * 24 * 3600;

    /// <summary>The <c>upto</c> scheme: the payer authorizes <see cref="Amount"/> at most, the server settles what was used.</summary>
    public const string UptoScheme = "upto";

    private X402PaymentRequirements(int version, string scheme, string network, BigInteger amount, string asset, string payTo, long maxTimeoutSeconds, string? extraName, string? extraVersion, JsonElement json)
    {
        ExtraName = extraName;
        ExtraVersion = extraVersion;
        if (json.TryGetProperty("extra", out var extra) && extra.ValueKind == JsonValueKind.Object)
        {
            ExtraFacilitatorAddress = extra.TryGetProperty("facilitatorAddress", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            ExtraAssetTransferMethod = extra.TryGetProperty("assetTransferMethod", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }

        Version = version;
        Scheme = scheme;
        Network = network;
        Amount = amount;
        Asset = asset;
        PayTo = payTo;
        MaxTimeoutSeconds = maxTimeoutSeconds;
        Json = json;
    }

    /// <summary>The x402 version of the document this entry came from (1 or 2).</summary>
    public int Version { get; }

    /// <summary>The scheme, for example <c>exact</c>.</summary>
    public string Scheme { get; }

    /// <summary>The network: CAIP-2 in v2, a name in v1.</summary>
    public string Network { get; }

    /// <summary>Atomic units (<c>amount</c>, or v1 <c>maxAmountRequired</c>).</summary>
    public BigInteger Amount { get; }

    /// <summary>The token contract (or, on other networks, an asset code).</summary>
    public string Asset { get; }

    /// <summary>The recipient.</summary>
    public string PayTo { get; }

    /// <summary>How long the payment may take.</summary>
    public long MaxTimeoutSeconds { get; }

    /// <summary>The whole entry verbatim.</summary>
    public JsonElement Json { get; }

    /// <summary>The EIP-712 domain <c>name</c> from <c>extra</c>, when present.</summary>
    public string? ExtraName { get; }

    /// <summary>The EIP-712 domain <c>version</c> from <c>extra</c>, when present.</summary>
    public string? ExtraVersion { get; }

    /// <summary><c>extra.facilitatorAddress</c>: for <c>upto</c>, the only account that may settle the permit.</summary>
    public string? ExtraFacilitatorAddress { get; }

    /// <summary><c>extra.assetTransferMethod</c>: <c>eip3009</c> (the default for <c>exact</c>) or <c>permit2</c>.</summary>
    public string? ExtraAssetTransferMethod { get; }

    /// <summary>Creates a v2 <c>exact</c> EVM entry.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="amount">Atomic units.</param>
    /// <param name="asset">The EIP-3009 token.</param>
    /// <param name="payTo">The recipient.</param>
    /// <param name="maxTimeoutSeconds">How long the payment may take.</param>
    /// <param name="tokenName">The token's EIP-712 domain name.</param>
    /// <param name="tokenVersion">The token's EIP-712 domain version.</param>
    /// <returns>The entry.</returns>
    public static X402PaymentRequirements CreateExactEvm(long chainId, BigInteger amount, EvmAddress asset, EvmAddress payTo, long maxTimeoutSeconds, string tokenName, string tokenVersion)
        => CreateEvm("exact", chainId, amount, asset, payTo, maxTimeoutSeconds, tokenName, tokenVersion, extra: null);

    /// <summary>Whether this is an <c>exact</c> entry on an EVM chain the directory (or CAIP-2) identifies, with address asset and recipient.</summary>
    /// <param name="directory">Names for v1 networks.</param>
    /// <param name="chainId">The chain.</param>
    /// <param name="asset">The token.</param>
    /// <param name="payTo">The recipient.</param>
    /// <returns><see langword="true"/> for a payable exact EVM entry.</returns>
    public bool TryGetExactEvm(EvmNetworkDirectory? directory, out long chainId, out EvmAddress asset, out EvmAddress payTo)
    {
        asset = default;
        payTo = default;
        chainId = 0;
        return Scheme == "exact" && (ExtraAssetTransferMethod ?? "eip3009") == "eip3009" && TryGetEvm(directory, out chainId, out asset, out payTo);
    }

    /// <summary>Whether this is an <c>exact</c> entry paid through Permit2 (<c>extra.assetTransferMethod: "permit2"</c>, for tokens without EIP-3009).</summary>
    /// <param name="directory">Names for v1 networks.</param>
    /// <param name="chainId">The chain.</param>
    /// <param name="asset">The token.</param>
    /// <param name="payTo">The recipient.</param>
    /// <returns><see langword="true"/> for a payable exact-by-Permit2 EVM entry.</returns>
    public bool TryGetExactPermit2Evm(EvmNetworkDirectory? directory, out long chainId, out EvmAddress asset, out EvmAddress payTo)
    {
        var evm = TryGetEvm(directory, out chainId, out asset, out payTo);
        return evm && Scheme == "exact" && ExtraAssetTransferMethod == "permit2";
    }

    /// <summary>Whether this is an <c>upto</c> entry (Permit2, a facilitator named) on an EVM chain with address asset and recipient.</summary>
    /// <param name="directory">Names for v1 networks.</param>
    /// <param name="chainId">The chain.</param>
    /// <param name="asset">The token.</param>
    /// <param name="payTo">The recipient.</param>
    /// <param name="facilitator">The only account that may settle the permit.</param>
    /// <returns><see langword="true"/> for a payable upto EVM entry.</returns>
    public bool TryGetUptoEvm(EvmNetworkDirectory? directory, out long chainId, out EvmAddress asset, out EvmAddress payTo, out EvmAddress facilitator)
    {
        facilitator = default;
        var evm = TryGetEvm(directory, out chainId, out asset, out payTo);
        return evm && Scheme == UptoScheme && EvmAddress.TryParse(ExtraFacilitatorAddress, out facilitator);
    }

    private bool TryGetEvm(EvmNetworkDirectory? directory, out long chainId, out EvmAddress asset, out EvmAddress payTo)
    {
        asset = default;
        payTo = default;
        chainId = 0;
        return X402Networks.TryGetEvmChainId(Network, directory, out chainId)
            && EvmAddress.TryParse(Asset, out asset)
            && EvmAddress.TryParse(PayTo, out payTo);
    }

    /// <summary>Creates a v2 <c>upto</c> EVM entry: <paramref name="maximum"/> at most, settled through Permit2 by <paramref name="facilitator"/>.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="maximum">The most that may be settled, in atomic units.</param>
    /// <param name="asset">The token.</param>
    /// <param name="payTo">The recipient.</param>
    /// <param name="maxTimeoutSeconds">How long the payment may take.</param>
    /// <param name="tokenName">The token's EIP-712 domain name.</param>
    /// <param name="tokenVersion">The token's EIP-712 domain version.</param>
    /// <param name="facilitator">The account that settles (the permit's witness names it).</param>
    /// <returns>The entry.</returns>
    public static X402PaymentRequirements CreateUptoEvm(long chainId, BigInteger maximum, EvmAddress asset, EvmAddress payTo, long maxTimeoutSeconds,
        string tokenName, string tokenVersion, EvmAddress facilitator)
        => CreateEvm(UptoScheme, chainId, maximum, asset, payTo, maxTimeoutSeconds, tokenName, tokenVersion, writer =>
        {
            writer.WriteString("facilitatorAddress", facilitator.ToString());
            writer.WriteString("assetTransferMethod", "permit2");
        });

    // A v2 EVM entry: the token's EIP-712 domain in extra, and what the scheme adds to it.
    private static X402PaymentRequirements CreateEvm(string scheme, long chainId, BigInteger amount, EvmAddress asset, EvmAddress payTo,
        long maxTimeoutSeconds, string tokenName, string tokenVersion, Action<Utf8JsonWriter>? extra)
    {
        var json = PaymentJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("scheme", scheme);
            writer.WriteString("network", X402Networks.ToCaip2(chainId));
            writer.WriteString("amount", UInt256Text.Format(amount));
            writer.WriteString("asset", asset.ToString());
            writer.WriteString("payTo", payTo.ToString());
            writer.WriteNumber("maxTimeoutSeconds", maxTimeoutSeconds);
            writer.WritePropertyName("extra");
            writer.WriteStartObject();
            writer.WriteString("name", tokenName);
            writer.WriteString("version", tokenVersion);
            extra?.Invoke(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        return Read(JsonInput.ParseObject(json, "accepts"), 2);
    }

    /// <summary>Compares the verbatim JSON by value.</summary>
    /// <param name="other">The other entry.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(X402PaymentRequirements? other) => other is not null && Version == other.Version && JsonElement.DeepEquals(Json, other.Json);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Version, Scheme, Network, Amount, Asset, PayTo);

    internal static X402PaymentRequirements Read(JsonElement element, int version)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw JsonRead.Invalid("accepts", "must hold objects");
        var amount = JsonRead.RequiredUInt256(element, version == 1 ? "maxAmountRequired" : "amount");
        string? extraName = null, extraVersion = null;
        if (JsonRead.TryGet(element, "extra", out var extra))
        {
            if (extra.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                throw JsonRead.Invalid("extra", "must be an object");
            extraName = JsonRead.OptionalString(extra, "name");
            extraVersion = JsonRead.OptionalString(extra, "version");
        }

        return new X402PaymentRequirements(
            version,
            JsonRead.RequiredString(element, "scheme"),
            JsonRead.RequiredString(element, "network"),
            amount,
            JsonRead.RequiredString(element, "asset"),
            JsonRead.RequiredString(element, "payTo"),
            JsonRead.RequiredInt64(element, "maxTimeoutSeconds", 0, MaxTimeoutSecondsLimit),
            extraName,
            extraVersion,
            element.Clone());
    }
}
