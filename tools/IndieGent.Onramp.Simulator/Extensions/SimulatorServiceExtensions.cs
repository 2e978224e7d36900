using IndieGent.Onramp.Simulator.Auth;
using IndieGent.Onramp.Simulator.Faults;
using IndieGent.Onramp.Simulator.Purchases;
using IndieGent.Onramp.Simulator.Sessions;
using IndieGent.Onramp.Simulator.Webhooks;
using Microsoft.Extensions.Options;

namespace IndieGent.Onramp.Simulator.Extensions;

public static class SimulatorServiceExtensions
{
    /// <summary>Settings (validated at start-up), in-memory state, the minter and the webhook dispatcher.</summary>
    public static IHostApplicationBuilder AddOnrampSimulator(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        services.AddOptions<SimulatorChainOptions>().BindConfiguration(SimulatorChainOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorChainOptions>, SimulatorChainOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SessionStore>();
        services.AddSingleton<FaultBook>();
        services.AddSingleton<CdpJwtVerifier>();
        services.AddSingleton<CdpAuthenticationFilter>();
        services.AddSingleton<UsdcMinter>();
        services.AddSingleton<PurchaseService>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddAntiforgery();
        return builder;
    }
}
