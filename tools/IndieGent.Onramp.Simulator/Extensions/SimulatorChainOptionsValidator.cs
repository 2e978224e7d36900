using IndieGent.Chain;
using Microsoft.Extensions.Options;

namespace IndieGent.Onramp.Simulator.Extensions;

/// <summary>Stops start-up with a message naming the missing chain setting; never echoes the key.</summary>
public sealed class SimulatorChainOptionsValidator : IValidateOptions<SimulatorChainOptions>
{
    private const int PrivateKeyHexLength = 64;

    public ValidateOptionsResult Validate(string? name, SimulatorChainOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out _))
            failures.Add("The setting Simulator:Chain:RpcUrl must be the chain's JSON-RPC URL.");
        if (options.ChainId <= 0)
            failures.Add("The setting Simulator:Chain:ChainId must be the chain's id (31337 for anvil).");
        if (!EvmAddress.TryParse(options.TokenAddress, out _))
            failures.Add("The setting Simulator:Chain:TokenAddress must be the test token's 0x address.");
        var key = options.MinterKey.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? options.MinterKey[2..] : options.MinterKey;
        if (key.Length != PrivateKeyHexLength || !key.All(Uri.IsHexDigit))
            failures.Add("The setting Simulator:Chain:MinterKey must be the token owner's private key (32 bytes, hex).");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
