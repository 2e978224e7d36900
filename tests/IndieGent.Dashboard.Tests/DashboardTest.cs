using IndieGent.Dashboard;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace IndieGent.Dashboard.Tests;

/// <summary>
/// A platform, the dashboard in front of its Gateway on a real port, and the system's Chromium
/// driven by Playwright: what an operator's browser does, end to end.
/// </summary>
public abstract class DashboardTest(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : IAsyncLifetime
{
    protected PaymentPlatform Platform { get; private set; } = null!;
    protected AnvilFixture Anvil => anvil;
    protected Uri DashboardAddress { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;
    protected IBrowserContext Browser { get; private set; } = null!;
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebApplicationFactory<DashboardApp>? _dashboard;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Debian's Chromium (eng/prereqs.sh installs it); <c>INDIEGENT_CHROMIUM</c> names another.</summary>
    private static string ChromiumPath =>
        Environment.GetEnvironmentVariable("INDIEGENT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"No browser at {ChromiumPath}: run eng/prereqs.sh (it installs Debian's chromium) or set INDIEGENT_CHROMIUM.");
        Platform = await PaymentPlatform.StartAsync(postgres, rabbit, anvil);
        _dashboard = await FreePort.StartAsync(port =>
        {
            DashboardAddress = new Uri($"http://127.0.0.1:{port}");
            var dashboard = new WebApplicationFactory<DashboardApp>().WithWebHostBuilder(web =>
            {
                web.UseSetting("Dashboard:GatewayUrl", Platform.GatewayAddress.ToString());
                web.ConfigureLogging(l => l.ClearProviders().AddProvider(Platform.Logs));
            });
            dashboard.UseKestrel(k => k.ListenLocalhost(port));
            try
            {
                dashboard.StartServer();
            }
            catch
            {
                dashboard.Dispose();
                throw;
            }

            return Task.FromResult(dashboard);
        });

        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root, Chromium runs only without its sandbox.
            Args = ["--no-sandbox"],
        });
        Browser = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = DashboardAddress.ToString() });
        Browser.SetDefaultTimeout(30_000);
        Page = await Browser.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // A failed test shows what the platform and the dashboard logged as warnings and errors.
        if (TestContext.Current.TestState?.Result == TestResult.Failed && Platform is not null)
            foreach (var line in Platform.Logs.Lines.Where(l => l.Contains(" Warning: ", StringComparison.Ordinal) ||
                                                               l.Contains(" Error: ", StringComparison.Ordinal)).Take(200))
                TestContext.Current.TestOutputHelper?.WriteLine(line);

        if (Browser is not null)
            await Browser.DisposeAsync();
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_dashboard is not null)
            await _dashboard.DisposeAsync();
        if (Platform is not null)
            await Platform.DisposeAsync();
    }

    protected async Task SignInAsync(string apiKey)
    {
        await Page.GotoAsync("/signin");
        await Page.GetByLabel("Operator API key").FillAsync(apiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
