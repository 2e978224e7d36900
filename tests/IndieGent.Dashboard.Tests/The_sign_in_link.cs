using System.Security.Cryptography;
using System.Text.RegularExpressions;
using IndieGent.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IndieGent.Dashboard.Tests;

/// <summary>
/// The AppHost's one-time link for its demo operator (<c>Dashboard:SignInLink</c>), in a real browser:
/// it signs in once, and never again.
/// </summary>
public sealed partial class The_sign_in_link(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : DashboardTest(postgres, rabbit, anvil)
{
    // As the AppHost makes it: URL-safe, unguessable.
    private readonly string _token = Base64Url(RandomNumberGenerator.GetBytes(32));
    private string _operatorKey = "";

    protected override async Task<IReadOnlyDictionary<string, string>> DashboardSettingsAsync()
    {
        _operatorKey = (await Platform.CreateOperatorAsync("demo-operator")).ApiKey;
        return new Dictionary<string, string>
        {
            ["Dashboard:SignInLink:Token"] = _token,
            ["Dashboard:SignInLink:ApiKey"] = _operatorKey,
        };
    }

    [Fact]
    public async Task Signs_the_operator_in_once_and_lands_on_the_overview_a_second_use_and_a_wrong_token_are_refused()
    {
        await Platform.CreateAgentAsync(_operatorKey, "forecast-agent");

        // A wrong token signs nobody in (and does not spend the link).
        await Page.GotoAsync($"/session/link?token={Base64Url(RandomNumberGenerator.GetBytes(32))}");
        await Expect(Page).ToHaveURLAsync(RefusedPage());
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("already used");
        await Page.GotoAsync($"/session/link?token={_token[..^1]}");
        await Expect(Page).ToHaveURLAsync(RefusedPage());
        await Page.GotoAsync("/session/link");
        await Expect(Page).ToHaveURLAsync(RefusedPage());
        Assert.DoesNotContain(await Browser.CookiesAsync(), c => c.Name == OperatorSession.CookieName);

        // The link: signed in as the operator, on the overview, with the operator's agent.
        await Page.GotoAsync($"/session/link?token={_token}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        Assert.Equal("/", new Uri(Page.Url).AbsolutePath);
        await Expect(Page.GetByTestId("agent-count")).ToContainTextAsync("1");
        await Page.GotoAsync("/agents");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "forecast-agent" })).ToBeVisibleAsync();
        var session = Assert.Single(await Browser.CookiesAsync(), c => c.Name == OperatorSession.CookieName);
        Assert.True(session.HttpOnly);
        Assert.DoesNotContain(_operatorKey, session.Value, StringComparison.Ordinal);

        // A second use, from another browser: refused, nobody signed in.
        await using (var stranger = await Browser.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = DashboardAddress.ToString() }))
        {
            var page = await stranger.NewPageAsync();
            await page.GotoAsync($"/session/link?token={_token}");
            await Expect(page).ToHaveURLAsync(RefusedPage());
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("already used");
            Assert.DoesNotContain(await stranger.CookiesAsync(), c => c.Name == OperatorSession.CookieName);
        }

        // Nor again in the first browser once it signed out.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Page.GotoAsync($"/session/link?token={_token}");
        await Expect(Page).ToHaveURLAsync(RefusedPage());
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new Regex("/signin"));

        // Neither the token nor the key is in a log line or in exported telemetry.
        Assert.DoesNotContain(_token, Platform.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(_operatorKey, Platform.Logs.All, StringComparison.Ordinal);
        Assert.Contains("/session/link", Platform.Telemetry.All, StringComparison.Ordinal);
        Assert.DoesNotContain(_token, Platform.Telemetry.All, StringComparison.Ordinal);
        Assert.DoesNotContain(_operatorKey, Platform.Telemetry.All, StringComparison.Ordinal);
    }

    private static Regex RefusedPage() => RefusedUrl();

    [GeneratedRegex(@"/signin\?error=link-used$")]
    private static partial Regex RefusedUrl();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
