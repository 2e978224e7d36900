using IndieGent.Payments.Protocol.Marketplace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IndieGent.Payments.AspNetCore.Marketplace;

/// <summary>Lets a provider accept calls the IndieGent marketplace forwards (and was paid for), and only those.</summary>
public static class MarketplaceCallExtensions
{
    /// <summary>
    /// Adds the verifier of <c>IndieGent-Marketplace-Call</c> headers: settings from <paramref name="configure"/> (checked at
    /// start-up), an in-memory replay store unless another <see cref="IMarketplaceCallReplayStore"/> is registered, and the
    /// provider id of the options unless another <see cref="IMarketplaceProviderIdSource"/> is registered.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">The provider id and where the platform's keys come from.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMarketplaceCalls(this IServiceCollection services, Action<MarketplaceCallOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MarketplaceCallOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketplaceCallOptions>, MarketplaceCallOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMarketplaceCallReplayStore, InMemoryMarketplaceCallReplayStore>();
        services.TryAddSingleton<IMarketplaceProviderIdSource, ConfiguredProviderId>();
        services.TryAddSingleton<MarketplacePlatformKeys>();
        services.TryAddSingleton<MarketplaceCallVerifier>();
        services.AddHttpClient(MarketplacePlatformKeys.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Binds the verifier to a configuration section (<c>MarketplaceCalls</c>: ProviderId, PlatformKeys, KeysUrl, ClockSkew).</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMarketplaceCalls(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddMarketplaceCalls(section.Bind);
    }

    /// <summary>
    /// Accepts only requests the marketplace forwarded: a valid <c>IndieGent-Marketplace-Call</c> header for this provider,
    /// this method and path, unexpired and never seen before. Anything else is answered 401 (503 while the call cannot be
    /// checked) with a problem, before the request's body is read or the handler runs. Works on one endpoint and on a group.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireMarketplaceCall<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.Require(service: null);

    /// <summary>
    /// As <see cref="RequireMarketplaceCall{TBuilder}(TBuilder)"/>, and the call must be for the marketplace service
    /// <paramref name="service"/> (its slug). A provider listing several services on one host binds each endpoint to its
    /// service, so a call paid at one service's price cannot reach another's endpoints.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <param name="service">The service's slug, for example <c>demo-flights</c>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireMarketplaceCall<TBuilder>(this TBuilder builder, string service) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        return builder.Require(service);
    }

    /// <summary>The marketplace call that admitted this request, for handlers that record or bill by it.</summary>
    /// <param name="http">The request.</param>
    /// <returns>The verified call.</returns>
    /// <exception cref="InvalidOperationException">When the endpoint does not require a marketplace call.</exception>
    public static MarketplaceCall GetMarketplaceCall(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Features.Get<MarketplaceCallFeature>()?.Call
               ?? throw new InvalidOperationException("This request was not admitted as a marketplace call: put .RequireMarketplaceCall() on its endpoint.");
    }

    private static TBuilder Require<TBuilder>(this TBuilder builder, string? service) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Wrapping the endpoint's final request delegate (rather than adding a filter) checks the call before the
        // parameters are bound. Builders whose delegate exists when conventions run are wrapped then as well;
        // the verifier checks a request once however often it is wrapped.
        builder.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is { } handler)
                endpoint.RequestDelegate = Guard(handler, service);
        });
        builder.Finally(endpoint =>
        {
            if (endpoint.RequestDelegate is { } handler)
                endpoint.RequestDelegate = Guard(handler, service);
        });
        return builder;
    }

    private static RequestDelegate Guard(RequestDelegate next, string? service) => async http =>
    {
        var verifier = http.RequestServices.GetService<MarketplaceCallVerifier>()
                       ?? throw new InvalidOperationException("RequireMarketplaceCall needs services.AddMarketplaceCalls(…) at start-up.");
        if (await verifier.AdmitAsync(http, service).ConfigureAwait(false))
            await next(http).ConfigureAwait(false);
    };
}
