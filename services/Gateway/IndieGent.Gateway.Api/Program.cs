using IndieGent.Gateway.Api;
using IndieGent.Gateway.Api.Apis;
using IndieGent.Gateway.Api.Authentication;
using IndieGent.Gateway.Api.Edge;
using IndieGent.Gateway.Api.Marketplace;
using IndieGent.Gateway.Api.Mcp;
using IndieGent.Gateway.Api.Payments;
using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authentication;
using Yarp.ReverseProxy.Transforms;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// The Gateway alone signs forwarded identities (each for one request at one service); the services verify them.
builder.AddForwardedIdentitySigner();
builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ChainSettings>().BindConfiguration("Chain").ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddRateLimiter(_ => { });
builder.Services.AddExceptionHandler<ServiceUnavailableHandler>();
builder.Services.AddHttpClient(ApiKeyVerifier.WalletClient, c => c.BaseAddress = new Uri("http://wallet")).SignForwardedIdentity();
builder.Services.AddHttpClient("ledger", c => c.BaseAddress = new Uri("http://ledger")).SignForwardedIdentity();
builder.Services.AddHttpClient("settlement", c => c.BaseAddress = new Uri("http://settlement")).SignForwardedIdentity();
builder.Services.AddSingleton<ApiKeyVerifier>();
builder.Services.AddSingleton<ServiceClient>();
builder.Services.AddSingleton<PaymentWaiters>();
builder.Services.AddSingleton<PaymentEvents>();
builder.Services.AddSingleton<PayableOffers>();
builder.Services.AddHttpClient("marketplace", c => c.BaseAddress = new Uri("http://marketplace")).SignForwardedIdentity();
builder.Services.AddOptions<MarketplaceOptions>().BindConfiguration(MarketplaceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<MarketplaceCallSigner>();
builder.Services.AddSingleton<ProxyTargets>();
builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
// Providers' upstreams: pooled connections, no redirects followed (a paid call goes where it was listed), timeouts per
// service, and never a retry (a call is made once: the default resilience handler would repeat a failed POST).
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental.
builder.Services.AddHttpClient(MarketplaceProxy.UpstreamClient, c => c.Timeout = Timeout.InfiniteTimeSpan)
    .RemoveAllResilienceHandlers()
    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = 256,
    });
#pragma warning restore EXTEXP0001

builder.AddIndieGentMessaging(bus =>
    // Every Gateway instance hears every payment status on its own temporary queue.
    bus.AddConsumer<PaymentStatusConsumer>().Endpoint(e =>
    {
        e.Name = "gateway-payment-status";
        e.Temporary = true;
        e.InstanceId = Guid.NewGuid().ToString("N")[..12];
    }),
    o => o.TemporaryQueue("gateway-payment-status"));
builder.AddIndieGentMarten("gatewaydb", schemaName: "gateway");
builder.Services.AddOpenApi();
// /mcp: the tools an LLM agent calls (fetch_paid, get_balance, list_payments, marketplace_search, marketplace_call).
builder.Services.AddHttpContextAccessor();
builder.AddIndieGentMcp();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .AddTransforms(t =>
    {
        // Only the Gateway asserts an identity to the services: whatever a client sends in the
        // forwarded-identity header is dropped, and the authenticated caller's is signed in, for
        // this cluster's service, this method and the path as forwarded (this transform runs after
        // the route's own path transforms).
        t.AddRequestHeaderRemove(ForwardedIdentityDefaults.HeaderName);
        t.AddRequestHeaderRemove("Authorization");
        var service = t.Cluster?.ClusterId;
        t.AddRequestTransform(context =>
        {
            var identity = context.HttpContext.User.ToForwardedIdentity(TimeProvider.System.GetUtcNow());
            if (identity is not null && service is not null)
            {
                var signer = context.HttpContext.RequestServices.GetRequiredService<ForwardedIdentitySigner>();
                context.ProxyRequest.Headers.Add(ForwardedIdentityDefaults.HeaderName,
                    signer.Sign(identity, service, context.ProxyRequest.Method.Method, context.Path.Value ?? "/"));
            }
            return ValueTask.CompletedTask;
        });
    });

var app = builder.Build();
app.UseClientAddresses();
app.UseServiceDefaults();
app.UseRateLimitPerClientAddress();
app.UseAuthentication();
app.UseRateLimitPerApiKey();
app.UseAuthorization();
app.MapPaymentsApi();
app.MapPaymentEventsApi();
app.MapWalletApi();
app.MapTreasuryApi();
app.MapMarketplaceProxy();
app.MapIndieGentMcp();
app.MapReverseProxy();
app.Run();
