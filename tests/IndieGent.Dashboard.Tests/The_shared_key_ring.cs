using System.Security.Cryptography;
using IndieGent.Dashboard.KeyRing;
using IndieGent.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace IndieGent.Dashboard.Tests;

/// <summary>
/// Replicas of the dashboard with one Data Protection key ring in PostgreSQL (<c>ConnectionStrings:dashboarddb</c>):
/// a session cookie or an anti-forgery token one replica issued is good at every other, and at no
/// dashboard with another ring.
/// </summary>
public sealed class The_shared_key_ring(PostgresFixture postgres, RabbitMqFixture rabbit, AnvilFixture anvil)
    : DashboardTest(postgres, rabbit, anvil)
{
    private string _ring = "";

    protected override async Task<IReadOnlyDictionary<string, string>> DashboardSettingsAsync()
    {
        // The dashboard's own role owning its own database, as deploy/k8s/postgres-roles.sql makes it.
        _ring = await Postgres.CreateOwnedDatabaseAsync("dashboard", Ct);
        return Ring(_ring);
    }

    [Fact]
    public async Task Replicas_sharing_it_accept_each_others_session_cookies_and_anti_forgery_tokens_and_a_dashboard_with_another_ring_does_not()
    {
        var operatorKey = (await Platform.CreateOperatorAsync()).ApiKey;
        var first = Dashboard;
        var (second, secondAddress) = await StartDashboardAsync(Ring(_ring));
        var (stranger, strangerAddress) = await StartDashboardAsync(Ring(await Postgres.CreateOwnedDatabaseAsync("dashboard", Ct)));

        // What one replica protects, the other reads; a dashboard with its own ring cannot.
        var secret = Protector(first).Protect("an operator's session");
        Assert.Equal("an operator's session", Protector(second).Unprotect(secret));
        Assert.ThrowsAny<CryptographicException>(() => Protector(stranger).Unprotect(secret));
        await using (var ring = new NpgsqlConnection(_ring))
        {
            await ring.OpenAsync(Ct);
            await using var keys = new NpgsqlCommand($"SELECT count(*) FROM {PostgresXmlRepository.Table}", ring);
            Assert.True((long)(await keys.ExecuteScalarAsync(Ct))! >= 1);
        }

        // The first replica's sign-in form (its anti-forgery token) is posted to the second, which signs
        // the operator in; the cookie it sets opens the first replica's pages. (Cookies do not tell ports
        // apart, so the browser sends them to every replica, as it would behind one host name.)
        await Page.GotoAsync("/signin");
        await Page.GetByLabel("Operator API key").FillAsync(operatorKey);
        await Page.EvalOnSelectorAsync("form[action='/session/signin']", "(form, url) => form.action = url", new Uri(secondAddress, "/session/signin").ToString());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        Assert.Equal(secondAddress.Authority, new Uri(Page.Url).Authority);

        await Page.GotoAsync(new Uri(DashboardAddress, "/agents").ToString());
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Agents" })).ToBeVisibleAsync();

        // The same cookie means nothing to a dashboard with another ring.
        await Page.GotoAsync(new Uri(strangerAddress, "/agents").ToString());
        await Expect(Page.GetByLabel("Operator API key")).ToBeVisibleAsync();
        Assert.Equal("/signin", new Uri(Page.Url).AbsolutePath);
    }

    private static Dictionary<string, string> Ring(string connectionString) =>
        new() { [$"ConnectionStrings:{KeyRingExtensions.ConnectionStringName}"] = connectionString };

    private static IDataProtector Protector(WebApplicationFactory<DashboardApp> dashboard) =>
        dashboard.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("IndieGent.Dashboard.Tests");
}
