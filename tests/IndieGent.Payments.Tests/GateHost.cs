using IndieGent.Payments.AspNetCore;
using IndieGent.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.Payments.Tests;

/// <summary>
/// A slim Kestrel app on a free local port with our payment gate on <see cref="ChainWorld"/>'s chain (its settlement key, our
/// Permit2), the caller's services and endpoints, started; its logs captured.
/// </summary>
internal static class GateHost
{
    public static async Task<(WebApplication App, Uri Url, CapturedLogs Logs)> StartAsync(ChainWorld world, string realm,
        Action<PaymentServerOptions>? configure, Action<IServiceCollection>? services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddPaymentGate(o =>
        {
            o.Secret = "test-secret-that-is-at-least-32-bytes-long";
            o.ChainId = world.Anvil.ChainId;
            o.RpcUrl = new Uri(world.Anvil.RpcUrl);
            o.SettlementPrivateKey = world.Settler.PrivateKey;
            o.Realm = realm;
            o.Permit2Address = world.Permit2.ToChecksumHex();
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), logs);
    }
}
