using IndieGent.Cli;

namespace IndieGent.Cli.Tests;

/// <summary>What the CLI decides by itself: usage, versions, amounts, a missing login, an unreachable gateway.</summary>
public sealed class Without_a_platform : IDisposable
{
    private readonly CliUser _user = new();

    [Fact]
    public async Task Prints_its_version()
    {
        var run = await _user.RunAsync("--version");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("0.1.0", run.Out.Trim());
    }

    [Fact]
    public async Task Documents_its_exit_codes_in_its_help()
    {
        var run = await _user.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("4 payment refused by policy, 5 insufficient funds", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("agents frobnicate")]
    [InlineData("payments list --limit many")]
    [InlineData("audit export --format xml")]
    public async Task Exits_2_on_a_command_line_it_cannot_read(string commandLine)
    {
        var run = await _user.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error:", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Exits_2_on_a_bad_value_before_calling_anyone()
    {
        _user.With("INDIEGENT_URL", "http://127.0.0.1:9").With("INDIEGENT_API_KEY", "igk_0123456789abcdef_secret");

        var amount = await _user.RunAsync("policy", "set", Guid.NewGuid().ToString(), "--max-per-payment", "1.2345678");
        var id = await _user.RunAsync("agents", "show", "not-an-id");

        Assert.Equal(ExitCodes.Usage, amount.ExitCode);
        Assert.Contains("at most 6 decimals", amount.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, id.ExitCode);
    }

    [Fact]
    public async Task Exits_3_when_not_logged_in_and_says_how_to()
    {
        var run = await _user.RunAsync("agents", "list", "--json");

        Assert.Equal(ExitCodes.NetworkOrAuth, run.ExitCode);
        Assert.Equal(3, run.ErrorJson.GetProperty("error").GetProperty("exitCode").GetInt32());
        Assert.Contains("indiegent login", run.ErrorJson.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Exits_3_when_the_gateway_cannot_be_reached()
    {
        _user.With("INDIEGENT_URL", $"http://127.0.0.1:{IndieGent.Testing.FreePort.Next()}").With("INDIEGENT_API_KEY", "igk_0123456789abcdef_secret");

        var run = await _user.RunAsync("balance");

        Assert.Equal(ExitCodes.NetworkOrAuth, run.ExitCode);
        Assert.Contains("Cannot reach", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_to_send_a_key_over_plain_http_to_another_machine()
    {
        var run = await _user.RunWithInputAsync("igk_0123456789abcdef_secret", "login", "--url", "http://gateway.example");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("unencrypted", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_user.ConfigPath));
    }

    [Theory]
    [InlineData("25", 25_000_000)]
    [InlineData("0.01", 10_000)]
    [InlineData("1.5", 1_500_000)]
    [InlineData(".000001", 1)]
    public void Reads_usdc_amounts_as_base_units(string text, long units)
    {
        Assert.Equal(units, Usdc.Parse(text, "--amount"));
        Assert.Equal(units, Usdc.Parse(Usdc.Format(units), "--amount"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1e6")]
    [InlineData("0.0000001")]
    [InlineData("")]
    [InlineData("1,5")]
    public void Refuses_what_is_not_a_usdc_amount(string text) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => Usdc.Parse(text, "--amount")).ExitCode);

    public void Dispose() => _user.Dispose();
}
