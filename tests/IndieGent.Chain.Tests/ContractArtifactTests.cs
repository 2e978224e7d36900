using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Tests;

public sealed class ContractArtifactTests
{
    private static readonly string _repositoryRoot = FindRepositoryRoot();

    [Fact]
    public async Task The_committed_artifact_is_exactly_what_the_solidity_source_compiles_to()
    {
        using var node = Process.Start(new ProcessStartInfo("node", ["contracts/build.mjs", "--check"])
        {
            WorkingDirectory = _repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(node.ExitCode == 0, $"node contracts/build.mjs --check exited {node.ExitCode}:\n{await stdout}\n{await stderr}");
        Assert.Contains("IndieUSDC.json is up to date", await stdout, StringComparison.Ordinal);
        Assert.Contains("Permit2.json is up to date", await stdout, StringComparison.Ordinal);
        Assert.Contains("X402UptoPermit2Proxy.json is up to date", await stdout, StringComparison.Ordinal);
        Assert.Contains("X402ExactPermit2Proxy.json is up to date", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_artifact_is_the_committed_one()
    {
        using var committed = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repositoryRoot, "contracts", "out", "IndieUSDC.json")));
        var embedded = TokenArtifact.IndieUsdc;

        Assert.Equal("IndieUSDC", embedded.ContractName);
        Assert.Equal(committed.RootElement.GetProperty("bytecode").GetString(), embedded.Bytecode);
        Assert.Equal(committed.RootElement.GetProperty("deployedBytecode").GetString(), embedded.DeployedBytecode);
        Assert.Equal(committed.RootElement.GetProperty("source").GetProperty("keccak256").GetString(), embedded.SourceKeccak256);
        Assert.StartsWith("0.8.37+", embedded.CompilerVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_permit2_artifact_is_the_committed_one()
    {
        using var committed = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repositoryRoot, "contracts", "out", "Permit2.json")));
        var embedded = Permit2.Permit2Artifact.Embedded;

        Assert.Equal("Permit2", embedded.ContractName);
        Assert.Equal(committed.RootElement.GetProperty("bytecode").GetString(), embedded.Bytecode);
        Assert.Equal(committed.RootElement.GetProperty("deployedBytecode").GetString(), embedded.DeployedBytecode);
        Assert.Equal(committed.RootElement.GetProperty("source").GetProperty("keccak256").GetString(), embedded.SourceKeccak256);
        Assert.StartsWith("0.8.37+", embedded.CompilerVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X402UptoPermit2Proxy")]
    [InlineData("X402ExactPermit2Proxy")]
    public void The_embedded_x402_proxy_artifacts_are_the_committed_ones(string contract)
    {
        using var committed = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repositoryRoot, "contracts", "out", $"{contract}.json")));
        var embedded = contract == "X402UptoPermit2Proxy" ? X402.X402ProxyArtifact.Upto : X402.X402ProxyArtifact.Exact;

        Assert.Equal(contract, embedded.ContractName);
        Assert.Equal(committed.RootElement.GetProperty("bytecode").GetString(), embedded.Bytecode);
        Assert.Equal(committed.RootElement.GetProperty("deployedBytecode").GetString(), embedded.DeployedBytecode);
        Assert.Equal(committed.RootElement.GetProperty("source").GetProperty("keccak256").GetString(), embedded.SourceKeccak256);
        Assert.StartsWith("0.8.37+", embedded.CompilerVersion, StringComparison.Ordinal);
    }

    [Theory]
    // What @x402/evm 2.27.0's facilitator calls (its x402UptoPermit2ProxyABI / x402ExactPermit2ProxyABI):
    // PERMIT2, WITNESS_TYPEHASH, WITNESS_TYPE_STRING, settle, settleWithPermit.
    [InlineData("X402UptoPermit2Proxy", new[] { "016c1748", "156e2152", "2c03ae6a", "6afdd850", "ff11e7b4" })]
    [InlineData("X402ExactPermit2Proxy", new[] { "13cd3b53", "156e2152", "2c03ae6a", "6afdd850", "fa340378" })]
    public void The_x402_proxies_have_the_selectors_of_x402s_reference_proxies(string contract, string[] expected)
    {
        using var committed = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repositoryRoot, "contracts", "out", $"{contract}.json")));
        var selectors = committed.RootElement.GetProperty("methodIdentifiers").EnumerateObject().Select(p => p.Value.GetString()).Order();

        Assert.Equal(expected, selectors);
    }

    [Theory]
    [InlineData("X402UptoPermit2Proxy")]
    [InlineData("X402ExactPermit2Proxy")]
    public void Every_x402_proxy_function_is_typed_and_every_event_and_error_decodes(string contract)
    {
        var upto = contract == "X402UptoPermit2Proxy";
        var abi = new ABIJsonDeserialiser().DeserialiseContract((upto ? X402.X402ProxyArtifact.Upto : X402.X402ProxyArtifact.Exact).Abi);
        var dtos = typeof(TokenArtifact).Assembly.GetExportedTypes()
            .Where(t => t.Namespace?.StartsWith("IndieGent.Chain.X402.", StringComparison.Ordinal) == true)
            .ToList();
        Type[] functions = upto
            ? [typeof(X402.Functions.UptoSettleFunction), typeof(X402.Functions.UptoSettleWithPermitFunction)]
            : [typeof(X402.Functions.ExactSettleFunction), typeof(X402.Functions.ExactSettleWithPermitFunction)];
        functions = [.. functions, typeof(X402.Functions.ProxyPermit2Function), typeof(X402.Functions.WitnessTypehashFunction),
            typeof(X402.Functions.WitnessTypeStringFunction)];
        var events = dtos.Where(t => t.GetCustomAttribute<EventAttribute>() is not null).ToList();
        // The upto-only errors are the facilitator check and the amount cap.
        var errors = dtos.Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null)
            .Where(t => upto || (t != typeof(X402.Errors.UnauthorizedFacilitatorError) && t != typeof(X402.Errors.AmountExceedsPermittedError)))
            .ToList();

        Assert.Equal(
            abi.Functions.Select(f => f.Sha3Signature).Order(),
            functions.Select(t => ABITypedRegistry.GetFunctionABI(t).Sha3Signature).Order());
        Assert.Equal(abi.Events.Length, events.Count);
        Assert.All(events, t =>
        {
            var dto = ABITypedRegistry.GetEvent(t);
            var compiled = Assert.Single(abi.Events, e => e.Sha3Signature == dto.Sha3Signature);
            Assert.Equal(compiled.InputParameters.Select(p => p.Indexed), dto.InputParameters.Select(p => p.Indexed));
        });
        Assert.Equal(
            abi.Errors.Select(e => e.Sha3Signature).Order(),
            errors.Select(t => ABITypedRegistry.GetError(t).Sha3Signature).Order());
    }

    [Fact]
    public void Permit2_has_the_selectors_of_Uniswap_Permit2_SignatureTransfer()
    {
        using var committed = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repositoryRoot, "contracts", "out", "Permit2.json")));
        var selectors = committed.RootElement.GetProperty("methodIdentifiers").EnumerateObject().Select(p => p.Value.GetString()).Order();

        // What clients written for the canonical Permit2 (viem, @x402/evm) call.
        Assert.Equal(new[] { "137c29fe", "30f28b7a", "3644e515", "3ff9dcb1", "4fe02b44", "edd9444b", "fe8ec1a7" }, selectors);
    }

    [Theory]
    [InlineData("IndieUSDC", "IndieGent.Chain.Token.")]
    [InlineData("Permit2", "IndieGent.Chain.Permit2.")]
    public void Every_function_event_and_error_type_matches_an_entry_of_the_compiled_abi(string contract, string dtoNamespace)
    {
        var abi = new ABIJsonDeserialiser().DeserialiseContract(
            contract == "Permit2" ? Permit2.Permit2Artifact.Embedded.Abi : TokenArtifact.IndieUsdc.Abi);
        var dtos = typeof(TokenArtifact).Assembly.GetExportedTypes()
            .Where(t => t.Namespace?.StartsWith(dtoNamespace, StringComparison.Ordinal) == true)
            .ToList();

        var functions = dtos.Where(t => t.GetCustomAttribute<FunctionAttribute>() is not null).ToList();
        var events = dtos.Where(t => t.GetCustomAttribute<EventAttribute>() is not null).ToList();
        var errors = dtos.Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null).ToList();

        Assert.NotEmpty(functions);
        Assert.All(functions, t => Assert.Contains(
            ABITypedRegistry.GetFunctionABI(t).Sha3Signature, abi.Functions.Select(f => f.Sha3Signature)));
        Assert.All(events, t =>
        {
            var dto = ABITypedRegistry.GetEvent(t);
            var compiled = Assert.Single(abi.Events, e => e.Sha3Signature == dto.Sha3Signature);
            Assert.Equal(compiled.InputParameters.Select(p => p.Indexed), dto.InputParameters.Select(p => p.Indexed));
        });
        if (contract == "Permit2")
        {
            // Permit2 has no function the client does not type.
            Assert.Equal(abi.Functions.Length, functions.Count);
        }

        // Every revert the contract can raise must be decodable by a type.
        Assert.Equal(
            abi.Errors.Select(e => e.Sha3Signature).Order(),
            errors.Select(t => ABITypedRegistry.GetError(t).Sha3Signature).Order());
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "contracts", "build.mjs")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No contracts/build.mjs above {AppContext.BaseDirectory}.");
    }
}
