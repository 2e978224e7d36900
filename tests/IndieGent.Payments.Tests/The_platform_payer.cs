using IndieGent.Sdk;
using IndieGent.Sdk.Payers;

namespace IndieGent.Payments.Tests;

/// <summary>The SDK sends an agent's API key only over https, or over plain http to this machine.</summary>
public sealed class The_platform_payer
{
    [Theory]
    [InlineData("http://api.indiegent.cloud/")]
    [InlineData("http://10.0.0.7:8080/")]
    [InlineData("http://localhost.attacker.example/")]
    [InlineData("ftp://api.indiegent.cloud/")]
    public void Refuses_a_gateway_that_would_carry_the_key_in_the_clear(string gateway)
    {
        using var http = new HttpClient();
        var error = Assert.Throws<ArgumentException>(() => new PlatformPayer(http, new PlatformPayerOptions { Gateway = new Uri(gateway), ApiKey = "igk_x" }));
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => IndieGentAgent.ForPlatform(new Uri(gateway), "igk_x"));
    }

    [Theory]
    [InlineData("https://api.indiegent.cloud/")]
    [InlineData("http://127.0.0.1:5080/")]
    [InlineData("http://localhost:5080/")]
    [InlineData("http://[::1]:5080/")]
    public void Accepts_https_and_loopback_http(string gateway)
    {
        using var agent = IndieGentAgent.ForPlatform(new Uri(gateway), "igk_x");
        Assert.NotNull(agent.HttpClient);
    }
}
