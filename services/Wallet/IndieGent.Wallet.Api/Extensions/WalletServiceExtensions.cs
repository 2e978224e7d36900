using IndieGent.Wallet.Api.Custody;
using IndieGent.ServiceDefaults.Tickets;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Custody;
using IndieGent.Wallet.Signing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IndieGent.Wallet.Api.Extensions;

/// <summary>Registers the Wallet's own services.</summary>
public static class WalletServiceExtensions
{
    public static TBuilder AddWalletServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<WalletOptions>()
            .Bind(builder.Configuration.GetSection(WalletOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WalletOptions>, WalletOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WalletOptions>>().Value;
            return new MasterKeyRing(
                options.MasterKeys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value), StringComparer.Ordinal),
                options.ActiveKeyId!);
        });
        builder.Services.AddScoped<AgentWallets>();
        builder.AddApprovalTicketVerifier();
        builder.Services.AddSingleton<ApprovalTickets>();
        builder.Services.AddScoped<PaymentSigner>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WalletOptions>>().Value;
            return new TransactionLimits(new System.Numerics.BigInteger(options.MaxFeePerGasGwei) * 1_000_000_000, options.MaxGasLimit);
        });
        builder.Services.AddScoped<TransactionSigner>();
        return builder;
    }
}
