using IndieGent.ServiceDefaults.Identity;
using Yarp.ReverseProxy.Transforms;
using IndieGent.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIndieGentMessaging();
builder.AddIndieGentMarten("gatewaydb", schemaName: "gateway");
builder.Services.AddOpenApi();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    // Only the Gateway may assert an identity to the services: whatever a client sends in the
    // forwarded-identity header is dropped before a request goes anywhere.
    .AddTransforms(t => t.AddRequestHeaderRemove(ForwardedIdentityDefaults.HeaderName));

var app = builder.Build();
app.UseServiceDefaults();
app.MapReverseProxy();
app.Run();
