using IndieGent.Dashboard;
using IndieGent.Dashboard.Components;
using IndieGent.Dashboard.Gateway;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Http.Resilience;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();

// The public Gateway, and nothing else. A POST (creating an agent, disabling one) is never sent twice
// by the transport: the operator sees the failure and decides.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental.
builder.Services.AddHttpClient<GatewayClient>((services, http) =>
        http.BaseAddress = new Uri(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardOptions>>().Value.GatewayUrl))
    .RemoveAllResilienceHandlers()
    .AddStandardResilienceHandler(o => o.Retry.DisableForUnsafeHttpMethods());
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
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
    });
builder.Services.AddAuthorization();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<OperatorSession>();
builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
builder.Services.AddSingleton<FormSubmissions>();
builder.Services.AddRazorComponents();

var app = builder.Build();
app.UseServiceDefaults();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapOperatorSession();
app.MapRazorComponents<App>();
app.Run();
