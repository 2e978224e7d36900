using IndieGent.Gateway.Api;
using IndieGent.Gateway.Api.Apis;
using IndieGent.Gateway.Api.Authentication;
using IndieGent.Gateway.Api.Edge;
using IndieGent.Gateway.Api.Payments;
using IndieGent.Messaging;
using IndieGent.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authentication;
using Yarp.ReverseProxy.Transforms;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// The codec and policies of the forwarded identity: the Gateway signs it, the services verify it.
builder.AddForwardedIdentity();
builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ChainSettings>().BindConfiguration("Chain").ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddRateLimiter(_ => { });
builder.Services.AddExceptionHandler<ServiceUnavailableHandler>();
builder.Services.AddHttpClient(ApiKeyVerifier.WalletClient, c => c.BaseAddress = new Uri("http://wallet"));
builder.Services.AddHttpClient("ledger", c => c.BaseAddress = new Uri("http://ledger"));
builder.Services.AddHttpClient("settlement", c => c.BaseAddress = new Uri("http://settlement"));
builder.Services.AddSingleton<ApiKeyVerifier>();
builder.Services.AddSingleton<ServiceClient>();
builder.Services.AddSingleton<PaymentWaiters>();
builder.Services.AddSingleton<PayableOffers>();

builder.AddIndieGentMessaging(bus =>
    // Every Gateway instance hears every payment status on its own temporary queue.
    bus.AddConsumer<PaymentStatusConsumer>().Endpoint(e =>
    {
        e.Temporary = true;
        e.InstanceId = Guid.NewGuid().ToString("N")[..12];
    }));
builder.AddIndieGentMarten("gatewaydb", schemaName: "gateway");
builder.Services.AddOpenApi();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .AddTransforms(t =>
    {
        // Only the Gateway asserts an identity to the services: whatever a client sends in the
        // forwarded-identity header is dropped, and the authenticated caller's is signed in.
        t.AddRequestHeaderRemove(ForwardedIdentityDefaults.HeaderName);
        t.AddRequestHeaderRemove("Authorization");
        t.AddRequestTransform(context =>
        {
            var identity = context.HttpContext.User.ToForwardedIdentity(TimeProvider.System.GetUtcNow());
            if (identity is not null)
            {
                var codec = context.HttpContext.RequestServices.GetRequiredService<ForwardedIdentityCodec>();
                context.ProxyRequest.Headers.Add(ForwardedIdentityDefaults.HeaderName, codec.Sign(identity));
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
app.MapWalletApi();
app.MapReverseProxy();
app.Run();
