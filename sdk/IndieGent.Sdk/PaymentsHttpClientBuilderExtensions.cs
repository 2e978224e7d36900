using IndieGent.Sdk.Payers;
using Microsoft.Extensions.DependencyInjection;

namespace IndieGent.Sdk;

/// <summary>Adds IndieGent payments to an <see cref="IHttpClientBuilder"/>.</summary>
public static class PaymentsHttpClientBuilderExtensions
{
    /// <summary>
    /// Pays 402s for this client from the agent's IndieGent wallet.
    /// <c>services.AddHttpClient("flights").AddIndieGentPayments(o => { o.Gateway = …; o.ApiKey = …; });</c>
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">The gateway, the agent's key, limits.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddIndieGentPayments(this IHttpClientBuilder builder, Action<PlatformPaymentsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PlatformPaymentsOptions();
        configure(options);
        var platformClient = "IndieGent.Platform:" + builder.Name;
        builder.Services.AddHttpClient(platformClient);
        return builder.AddHttpMessageHandler(services =>
        {
            var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(platformClient);
            return new PaymentHandler(new PlatformPayer(http, options.Platform), options.Payments);
        });
    }

    /// <summary>Pays 402s for this client through any payer (for example <see cref="SelfCustodyPayer"/>).</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="payer">Builds the payer (called once per handler).</param>
    /// <param name="configure">Limits and preferences.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddIndieGentPayments(
        this IHttpClientBuilder builder, Func<IServiceProvider, IPaymentPayer> payer, Action<IndieGentPaymentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(payer);
        var options = new IndieGentPaymentOptions();
        configure?.Invoke(options);
        return builder.AddHttpMessageHandler(services => new PaymentHandler(payer(services), options));
    }
}

/// <summary>Settings for paying through the platform.</summary>
public sealed class PlatformPaymentsOptions
{
    /// <summary>The gateway and the agent's key.</summary>
    public PlatformPayerOptions Platform { get; } = new();

    /// <summary>Limits and preferences.</summary>
    public IndieGentPaymentOptions Payments { get; } = new();

    /// <summary>The gateway's base URL.</summary>
    public Uri Gateway
    {
        get => Platform.Gateway;
        set => Platform.Gateway = value;
    }

    /// <summary>The agent's API key.</summary>
    public string ApiKey
    {
        get => Platform.ApiKey;
        set => Platform.ApiKey = value;
    }
}
