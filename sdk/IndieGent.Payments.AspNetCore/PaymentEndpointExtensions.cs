using System.Numerics;
using IndieGent.Payments.Protocol.Evm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace IndieGent.Payments.AspNetCore;

/// <summary>Registers the payment gate and puts a price on endpoints.</summary>
public static class PaymentEndpointExtensions
{
    /// <summary>
    /// Adds the payment gate: settings from <paramref name="configure"/> (or the <c>Payments</c> section),
    /// an in-memory replay store unless another <see cref="IPaymentReplayStore"/> is registered.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">The chain, secret and settlement key.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPaymentGate(this IServiceCollection services, Action<PaymentServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PaymentServerOptions>().Configure(configure)
            .Validate(o =>
                    o.Secret.Length >= 32 && o.ChainId > 0 && o.RpcUrl is { IsAbsoluteUri: true } && o.Confirmations >= 1 && o.ChainPollInterval > TimeSpan.Zero &&
                    o.MaxConcurrentSettlements >= 1,
                "Payments needs Secret (32+ characters), ChainId, an absolute RpcUrl, Confirmations >= 1, a positive ChainPollInterval and MaxConcurrentSettlements >= 1.")
            .Validate(o => o.Realm is null || (o.Realm.Length > 0 && !o.Realm.AsSpan().ContainsAnyExceptInRange(' ', '~')),
                "Payments: Realm must be printable ASCII (the MPP draft's realm is ASCII); leave it empty to use the request's host.")
            .Validate(o => o.LegacyChainName is null || o.CredentialTypes.Contains(EvmCredentialTypes.Hash),
                "Payments: LegacyChainName (the older dialect, paid with transaction hashes) needs hash among CredentialTypes.")
            .Validate(o => !o.CredentialTypes.Contains(EvmCredentialTypes.Permit2) || o.SettlementPrivateKey is { Length: > 0 },
                "Payments: permit2 credentials need SettlementPrivateKey: the server submits each permit (it is the permit's spender).")
            .Validate(o => (o.Permit2Address is null || EvmAddress.TryParse(o.Permit2Address, out _)) &&
                           (o.X402UptoProxyAddress is null || EvmAddress.TryParse(o.X402UptoProxyAddress, out _)),
                "Payments: Permit2Address and X402UptoProxyAddress must be 0x-prefixed 20-byte addresses.")
            .Validate<IPaymentReplayStore>((o, replays) => replays.IsDurable || !o.CredentialTypes.Contains(EvmCredentialTypes.Hash),
                "Payments: hash credentials (and the older dialect) need a durable replay store, such as AddPostgresPaymentReplayStore: " +
                "the in-memory one forgets on restart which transfers already paid.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPaymentReplayStore, InMemoryPaymentReplayStore>();
        services.TryAddSingleton<ChainSettler>();
        services.TryAddSingleton<PaymentGate>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Binds the payment gate to a configuration section (<c>Payments</c>: Secret, ChainId, RpcUrl, SettlementPrivateKey, …).</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPaymentGate(this IServiceCollection services, IConfigurationSection section) =>
        services.AddPaymentGate(section.Bind);

    /// <summary>Keeps accepted proofs in PostgreSQL, so every instance of the service refuses a replay.</summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionString">The database.</param>
    /// <param name="schema">The schema of the table.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPostgresPaymentReplayStore(this IServiceCollection services, string connectionString, string schema = "payments")
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<IPaymentReplayStore>();
        services.AddSingleton<IPaymentReplayStore>(_ => new PostgresPaymentReplayStore(NpgsqlDataSource.Create(connectionString), schema));
        return services;
    }

    /// <summary>
    /// Charges for the endpoint: without a valid payment the request is answered 402 with an MPP challenge
    /// (and x402 requirements); with one, the payment is settled on chain once, then the endpoint runs and
    /// its 2xx answer carries the receipt.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint builder.</typeparam>
    /// <param name="builder">The endpoint.</param>
    /// <param name="price">Base units of <paramref name="token"/>.</param>
    /// <param name="token">The token address.</param>
    /// <param name="recipient">Who is paid.</param>
    /// <param name="description">Shown to payers.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequirePayment<TBuilder>(this TBuilder builder, BigInteger price, string token, string recipient, string? description = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequirePayment(price, token, recipient, [], description);

    /// <summary>
    /// Charges for the endpoint, paying others out of the price in the same transaction (MPP <c>evm</c> charge splits, paid only
    /// with <c>permit2</c> credentials, which must be among <see cref="PaymentServerOptions.CredentialTypes"/>): each split's
    /// recipient gets its amount, <paramref name="recipient"/> the remainder.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint builder.</typeparam>
    /// <param name="builder">The endpoint.</param>
    /// <param name="price">Base units of <paramref name="token"/>, splits included.</param>
    /// <param name="token">The token address.</param>
    /// <param name="recipient">Who gets the remainder.</param>
    /// <param name="splits">Up to 10 others: recipient, amount and an optional label; together strictly less than the price.</param>
    /// <param name="description">Shown to payers.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequirePayment<TBuilder>(this TBuilder builder, BigInteger price, string token, string recipient,
        IReadOnlyList<(string Recipient, BigInteger Amount, string? Memo)> splits, string? description = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        var shares = splits.Select(s => new EvmSplit(EvmAddress.Parse(s.Recipient, nameof(splits)), s.Amount, s.Memo)).ToArray();
        if (shares.Length > EvmChargeRequest.MaxSplits || shares.Any(s => s.Amount <= 0 || s.Memo is { Length: > 256 }) ||
            shares.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Amount) >= price)
            throw new ArgumentException(
                $"Splits are at most {EvmChargeRequest.MaxSplits} positive amounts (labels of at most 256 characters) that together stay below the price.",
                nameof(splits));
        var requirement = new PaymentRequirement(price, EvmAddress.Parse(token, nameof(token)), EvmAddress.Parse(recipient, nameof(recipient)), description,
            shares.Length > 0 ? shares : null);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var gate = context.HttpContext.RequestServices.GetRequiredService<PaymentGate>();
            if (await gate.AdmitAsync(context.HttpContext, requirement) is not { } paid)
                return Results.Empty; // the refusal is written
            context.HttpContext.Features.Set(paid);
            gate.AddReceipt(context.HttpContext, paid);
            return await gate.RunAsync(context, next, paid);
        });
    }

    /// <summary>
    /// Charges for what each request uses, at most <paramref name="maximum"/> (the x402 <c>upto</c> scheme: the payer signs a Permit2
    /// permit for the maximum, this server — the facilitator — settles what the endpoint reports with <see cref="SetCharge"/>, the
    /// maximum when it reports nothing, after the endpoint answered 2xx; nothing on another answer). The answer is held back until
    /// the charge is settled and goes out with <c>PAYMENT-RESPONSE</c> (the amount charged); a settlement that fails is answered
    /// with its problem instead. Needs a settlement key; offered over x402 v2 only (MPP has no such intent).
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint builder.</typeparam>
    /// <param name="builder">The endpoint.</param>
    /// <param name="maximum">The most one request may cost, in base units of <paramref name="token"/>.</param>
    /// <param name="token">The token address.</param>
    /// <param name="recipient">Who is paid.</param>
    /// <param name="description">Shown to payers.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireMeteredPayment<TBuilder>(this TBuilder builder, BigInteger maximum, string token, string recipient, string? description = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximum);
        var requirement = new PaymentRequirement(maximum, EvmAddress.Parse(token, nameof(token)), EvmAddress.Parse(recipient, nameof(recipient)), description);
        return builder.AddEndpointFilter((context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<PaymentGate>().RunMeteredAsync(context, next, requirement));
    }

    /// <summary>What this request of a metered endpoint (<see cref="RequireMeteredPayment"/>) costs: from 0 to the endpoint's maximum.</summary>
    /// <param name="http">The request.</param>
    /// <param name="amount">Base units.</param>
    /// <exception cref="InvalidOperationException">The endpoint is not metered.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or above the maximum.</exception>
    public static void SetCharge(this HttpContext http, BigInteger amount)
    {
        ArgumentNullException.ThrowIfNull(http);
        var meter = http.Features.Get<MeteredCharge>() ?? throw new InvalidOperationException("SetCharge is for endpoints priced with RequireMeteredPayment.");
        if (amount < 0 || amount > meter.Maximum)
            throw new ArgumentOutOfRangeException(nameof(amount), $"A charge is from 0 to the endpoint's maximum, {meter.Maximum}.");
        meter.Amount = amount;
    }

    /// <summary>The payment that admitted this request, for handlers that record it.</summary>
    /// <param name="http">The request.</param>
    /// <returns>The payment, or <see langword="null"/> for an endpoint without a price.</returns>
    public static PaidRequest? GetPayment(this HttpContext http) => http?.Features.Get<PaidRequest>();
}
