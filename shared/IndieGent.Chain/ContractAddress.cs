using Nethereum.Util;

namespace IndieGent.Chain;

/// <summary>Addresses of contracts created by a plain <c>CREATE</c> (a deployment transaction).</summary>
public static class ContractAddress
{
    /// <summary>
    /// The address a contract gets when <paramref name="deployer"/> creates it in the transaction with
    /// account nonce <paramref name="nonce"/>: the last 20 bytes of keccak256(rlp([deployer, nonce])).
    /// The AppHost uses it to know the token address before the token exists (fresh deployer, nonce 0).
    /// </summary>
    public static EvmAddress Predict(EvmAddress deployer, ulong nonce) =>
        EvmAddress.Parse(ContractUtils.CalculateContractAddress(deployer.ToLowerHex(), nonce));
}
