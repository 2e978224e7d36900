using IndieGent.ServiceDefaults.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IndieGent.ServiceDefaults.Tickets;

/// <summary>Registers the Ledger's ticket issuer or the Wallet's ticket verifier from the <c>Tickets</c> section.</summary>
public static class ApprovalTicketExtensions
{
    /// <summary>The issuer (Ledger): refuses to start without a usable private key, naming the setting.</summary>
    public static TBuilder AddApprovalTicketIssuer<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = Bind(builder);
        var keyId = Es256Keys.RequireKeyId(options.KeyId, "Tickets:KeyId");
        builder.Services.AddSingleton(new ApprovalTicketIssuer(keyId, Es256Keys.ImportPrivateKey(options.PrivateKey, "Tickets:PrivateKey")));
        return builder;
    }

    /// <summary>The verifier (Wallet): refuses to start without at least one usable public key, naming the setting.</summary>
    public static TBuilder AddApprovalTicketVerifier<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = Bind(builder);
        builder.Services.AddSingleton(new ApprovalTicketVerifier(Es256Keys.ImportPublicKeys(options.PublicKeys, "Tickets:PublicKeys")));
        return builder;
    }

    private static ApprovalTicketOptions Bind(IHostApplicationBuilder builder)
    {
        var options = new ApprovalTicketOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(builder.Configuration.GetSection(ApprovalTicketOptions.Section), options);
        return options;
    }
}
