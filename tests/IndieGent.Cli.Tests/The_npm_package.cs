using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using IndieGent.Testing;
using IndieGent.Testing.Platform;

namespace IndieGent.Cli.Tests;

/// <summary>
/// <c>npm install -g @indiegent/cli</c>: eng/pack-cli.sh packs the launcher and the self-contained linux-x64
/// build; installed globally from those tarballs into a fresh prefix (offline), <c>indiegent</c> runs
/// without the .NET SDK and reads the wallet of a real platform.
/// </summary>
public sealed class The_npm_package(CliPlatform fixture) : IClassFixture<CliPlatform>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("indiegent-npm-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Installs_globally_from_its_tarballs_and_runs_without_the_dotnet_sdk()
    {
        var packages = Path.Combine(_scratch, "packages");
        var pack = await RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "eng", "pack-cli.sh"), packages], RepositoryPaths.Root, null, TimeSpan.FromMinutes(6));
        Assert.True(pack.ExitCode == 0, pack.Output);
        var launcher = Path.Combine(packages, "indiegent-cli-0.1.0.tgz");
        var binary = Path.Combine(packages, "indiegent-cli-linux-x64-0.1.0.tgz");
        Assert.True(File.Exists(Path.Combine(packages, "IndieGent.Cli.0.1.0.nupkg")), "the dotnet tool is packed too");

        // The platform package holds one self-contained executable: no assemblies that would need a runtime.
        Assert.Equal(["package/bin/indiegent", "package/package.json"], Entries(binary));
        Assert.Equal(["package/README.md", "package/bin/indiegent.js", "package/package.json"], Entries(launcher));

        var prefix = Path.Combine(_scratch, "prefix");
        var install = await RunAsync("npm", ["install", "-g", "--prefix", prefix, "--offline", "--omit=optional", "--no-audit", "--no-fund", binary, launcher],
            _scratch, null, TimeSpan.FromMinutes(2));
        Assert.True(install.ExitCode == 0, install.Output);

        // No dotnet on the PATH, no runtime to find: node alone, for the launcher.
        var nodeOnly = Directory.CreateDirectory(Path.Combine(_scratch, "node-only")).FullName;
        File.CreateSymbolicLink(Path.Combine(nodeOnly, "node"), Which("node"));
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = string.Join(':', Path.Combine(prefix, "bin"), nodeOnly),
            ["DOTNET_ROOT"] = Path.Combine(_scratch, "no-dotnet"),
            ["HOME"] = _scratch,
        };
        Assert.DoesNotContain(environment["PATH"].Split(':'), d => File.Exists(Path.Combine(d, "dotnet")));
        var version = await RunAsync(Path.Combine(prefix, "bin", "indiegent"), ["--version"], _scratch, environment, TimeSpan.FromMinutes(1));
        Assert.True(version.ExitCode == 0, version.Output);
        Assert.Equal("0.1.0", version.Output.Trim());

        var op = await fixture.Platform.CreateOperatorAsync();
        var agent = await fixture.Platform.CreateAgentAsync(op.ApiKey, "npm-agent");
        await fixture.Platform.FundAsync(agent, 1_750_000);
        environment["INDIEGENT_URL"] = fixture.Platform.GatewayAddress.ToString();
        environment["INDIEGENT_API_KEY"] = agent.ApiKey;
        var balance = await RunAsync(Path.Combine(prefix, "bin", "indiegent"), ["balance", "--json"], _scratch, environment, TimeSpan.FromMinutes(1));
        Assert.True(balance.ExitCode == 0, balance.Output);
        Assert.Equal(1_750_000, JsonDocument.Parse(balance.Output).RootElement.GetProperty("available").GetInt64());

        // The launcher passes the exit code through: an unknown key is the CLI's 3.
        environment["INDIEGENT_API_KEY"] = "igk_nope_notakey";
        var refused = await RunAsync(Path.Combine(prefix, "bin", "indiegent"), ["balance"], _scratch, environment, TimeSpan.FromMinutes(1));
        Assert.Equal(3, refused.ExitCode);
    }

    private static List<string> Entries(string tarball)
    {
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
            names.Add(entry.Name);
        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static string Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists)
        ?? throw new PrerequisiteMissingException($"{program} on the PATH");

    // With an environment, the program sees only it (as a newcomer's machine would).
    private static Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, string directory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan limit) =>
        ChildProcess.RunAsync(program, arguments, directory, environment, limit, Ct, onlyThese: environment is not null);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
