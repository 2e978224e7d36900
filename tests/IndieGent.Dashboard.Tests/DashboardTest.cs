using IndieGent.Dashboard;
using IndieGent.Testing;
using IndieGent.Testing.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace IndieGent.Dashboard.Tests;

/// <summary>
/// A platform, the dashboard in front of its Gateway on a real port, and the system's Chromium
/// driven by Playwright: what an operator's browser does, end to end.
/// </summary>
public abstract class DashboardTest(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil) : IAsyncLifetime
{
    protected PaymentPlatform Platform { get; private set; } = null!;
    protected AnvilFixture Anvil => anvil;
    protected PostgresFixture Postgres => postgres;
    protected Uri DashboardAddress { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;
    /// <summary>The dashboard the browser uses (at <see cref="DashboardAddress"/>).</summary>
    protected WebApplicationFactory<DashboardApp> Dashboard => _dashboard ?? throw new InvalidOperationException("The dashboard is not started.");
    protected IBrowserContext Browser { get; private set; } = null!;
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebApplicationFactory<DashboardApp>? _dashboard;
    private readonly List<WebApplicationFactory<DashboardApp>> _otherDashboards = [];
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
        (_dashboard, DashboardAddress) = await StartDashboardAsync(await DashboardSettingsAsync());

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

    /// <summary>Where the tests' screenshots go: <c>INDIEGENT_SCREENSHOTS</c>, else <c>screenshots</c> beside the test assembly.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("INDIEGENT_SCREENSHOTS") is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>
    /// Saves the page as the test sees it (<c>{test}-{name}.png</c>) and attaches it to the test's result; every
    /// test also leaves one of its last page.
    /// </summary>
    protected async Task ScreenshotAsync(string name)
    {
        var test = TestContext.Current.TestMethod?.MethodName ?? "test";
        var png = await Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        Directory.CreateDirectory(ScreenshotDirectory);
        await File.WriteAllBytesAsync(Path.Combine(ScreenshotDirectory, $"{test}-{name}.png"), png);
        TestContext.Current.AddAttachment($"{name}.png", png, "image/png");
    }

    public async ValueTask DisposeAsync()
    {
        if (Page is not null && !Page.IsClosed)
        {
            try
            {
                await ScreenshotAsync("last");
            }
            catch (PlaywrightException)
            {
                // A page that cannot be drawn any more (its browser gone) leaves none.
            }
        }

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
        foreach (var other in _otherDashboards)
            await other.DisposeAsync();
        if (Platform is not null)
            await Platform.DisposeAsync();
    }

    /// <summary>Settings of the dashboard the browser uses, asked for once the platform runs (so they can name what a test creates on it).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> DashboardSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>
    /// A dashboard in front of the platform's Gateway on a free port, its logs with the platform's, with
    /// <paramref name="settings"/> on top; one a test starts beside the browser's is disposed with the test.
    /// </summary>
    protected async Task<(WebApplicationFactory<DashboardApp> Host, Uri Address)> StartDashboardAsync(IReadOnlyDictionary<string, string> settings)
    {
        Uri? address = null;
        var host = await FreePort.StartAsync(port =>
        {
            address = new Uri($"http://127.0.0.1:{port}");
            var dashboard = new WebApplicationFactory<DashboardApp>().WithWebHostBuilder(web =>
            {
                web.UseSetting("Dashboard:GatewayUrl", Platform.GatewayAddress.ToString());
                foreach (var (key, value) in settings)
                    web.UseSetting(key, value);
                // Its log lines and exported telemetry join the platform's, for the tests that look for secrets in them.
                web.ConfigureLogging(l => l.ClearProviders().AddProvider(Platform.Logs).AddOpenTelemetry());
                web.ConfigureServices(services => services
                    .ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SimpleActivityExportProcessor(Platform.Telemetry.Spans())))
                    .ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(new SimpleLogRecordExportProcessor(Platform.Telemetry.Logs()))));
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
        if (_dashboard is not null)
            _otherDashboards.Add(host);
        return (host, address!);
    }

    protected async Task SignInAsync(string apiKey)
    {
        await Page.GotoAsync("/signin");
        await Page.GetByLabel("Operator API key").FillAsync(apiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
