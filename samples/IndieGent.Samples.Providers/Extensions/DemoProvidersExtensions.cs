using IndieGent.Payments.AspNetCore.Marketplace;
using IndieGent.Samples.Providers.Email;
using IndieGent.Samples.Providers.Registration;
using IndieGent.Samples.Providers.Search;
using Microsoft.Extensions.Options;

namespace IndieGent.Samples.Providers.Extensions;

public static class DemoProvidersExtensions
{
    /// <summary>
    /// The marketplace call check, the services' state and, when <c>Providers:Gateway</c> is set, self-registration (whose
    /// provider id the check then uses, and the Gateway's keys). Without it, <c>MarketplaceCalls:ProviderId</c> and
    /// <c>MarketplaceCalls:PlatformKeys</c> (or <c>KeysUrl</c>) say which calls to accept.
    /// </summary>
    public static IHostApplicationBuilder AddDemoProviders(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProvidersOptions>().BindConfiguration(ProvidersOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProvidersOptions>, ProvidersOptionsValidator>();
        var gateway = builder.Configuration.GetSection(ProvidersOptions.Section).Get<ProvidersOptions>()?.Gateway;

        services.AddMarketplaceCalls(o =>
        {
            builder.Configuration.GetSection("MarketplaceCalls").Bind(o);
            if (gateway is not null)
                o.KeysUrl ??= new Uri(gateway, "/v1/marketplace/keys");
        });
        if (gateway is not null)
        {
            // The provider id comes from registering, not from configuration.
            services.AddSingleton<RegistrationState>();
            services.AddSingleton<IMarketplaceProviderIdSource>(sp => sp.GetRequiredService<RegistrationState>());
            services.AddHttpClient<GatewayClient>(http => http.BaseAddress = gateway);
            services.AddHostedService<MarketplaceRegistration>();
            services.AddHealthChecks().AddCheck<RegistrationHealthCheck>("marketplace-registration", tags: [Microsoft.Extensions.Hosting.Extensions.ReadyTag]);
        }

        services.AddSingleton<Inbox>();
        services.AddSingleton(SearchIndex.CreateDefault());
        services.AddOpenApi();
        return builder;
    }
}
