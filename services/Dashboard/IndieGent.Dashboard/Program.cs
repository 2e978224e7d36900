using IndieGent.Dashboard;
using IndieGent.Dashboard.Components;
using IndieGent.Dashboard.Gateway;
using IndieGent.Dashboard.KeyRing;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Http.Resilience;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
// Cookies and anti-forgery tokens are encrypted with this key ring: shared by every replica when hosted.
builder.AddDashboardKeyRing();

// The public Gateway, and nothing else. A POST (creating an agent, disabling one) is never sent twice
// by the transport: the operator sees the failure and decides.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental.
builder.Services.AddHttpClient<GatewayClient>((services, http) =>
        http.BaseAddress = new Uri(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardOptions>>().Value.GatewayUrl))
    .RemoveAllResilienceHandlers()
    .AddStandardResilienceHandler(o => o.Retry.DisableForUnsafeHttpMethods());
// The payment event stream stays open as long as a page shows it: no timeout, no retry of a stream.
builder.Services.AddHttpClient(GatewayClient.StreamClient, (services, http) =>
    {
        http.BaseAddress = new Uri(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardOptions>>().Value.GatewayUrl);
        http.Timeout = Timeout.InfiniteTimeSpan;
    })
    .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

// The operator's key lives only inside the encrypted, httpOnly session cookie (never in a page, a
// script or a log); every Gateway call is made with it on the server.
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.Cookie.Name = OperatorSession.CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = "/signin";
        o.LogoutPath = "/session/signout";
        o.SlidingExpiration = true;
    });
builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
    .Configure<Microsoft.Extensions.Options.IOptions<DashboardOptions>>((cookie, dashboard) => cookie.ExpireTimeSpan = dashboard.Value.SessionLifetime);
builder.Services.AddAuthorization();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<OperatorSession>();
// Development: the AppHost's one-time link that signs its demo operator in.
builder.Services.AddSignInLink();
builder.Services.AddSingleton<PaymentEventStream>();
builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
builder.Services.AddSingleton<FormSubmissions>();
// Server-rendered pages; the live parts (the payment feed) run on the server over the page's
// SignalR connection: the operator's key never leaves the server.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
app.UseServiceDefaults();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapOperatorSession();
app.MapTheme();
app.MapAuditExport();
app.MapSignInLink();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();
