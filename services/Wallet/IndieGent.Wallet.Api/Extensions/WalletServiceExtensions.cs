using IndieGent.Wallet.Api.Custody;
using IndieGent.ServiceDefaults.Tickets;
using IndieGent.Wallet.Api.Relaying;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Api.Treasuries;
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
        if (builder.Configuration.GetSection(WalletOptions.Section).GetSection(nameof(WalletOptions.MasterKeys)).GetChildren().Any())
            throw new InvalidOperationException(
                "Master keys are given as settings (Wallet:MasterKeys:<id>, environment variables Wallet__MasterKeys__<id>), which leak through " +
                "process listings and dumps. Mount them as files instead and name the directory in Wallet:MasterKeysPath.");
        builder.Services.AddOptions<WalletOptions>()
            .Bind(builder.Configuration.GetSection(WalletOptions.Section))
            .PostConfigure(o => o.MasterKeys = MasterKeyFiles.Read(o.MasterKeysPath))
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
        builder.Services.AddScoped<Permit2Signer>();
        builder.Services.AddScoped<FundsTransferSigner>();
        builder.Services.AddScoped<OperatorTreasuries>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WalletOptions>>().Value;
            return new TransactionLimits(new System.Numerics.BigInteger(options.MaxFeePerGasGwei) * 1_000_000_000, options.MaxGasLimit);
        });
        builder.Services.AddScoped<TransactionSigner>();
        builder.Services.AddSingleton<PlatformWallets>();
        builder.Services.AddHostedService<PlatformWalletCreation>();
        builder.Services.AddScoped<RelaySigner>();
        return builder;
    }
}
