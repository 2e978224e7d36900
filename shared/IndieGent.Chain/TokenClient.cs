using System.Numerics;
using IndieGent.Chain.Token.Functions;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace IndieGent.Chain;

/// <summary>
/// Typed calls to a deployed IndieUSDC (or any token with the same FiatToken v2.2 functions) through
/// <paramref name="web3"/>; transactions are sent from <paramref name="web3"/>'s account.
/// </summary>
/// <remarks>
/// A call that would revert throws Nethereum's <see cref="SmartContractCustomErrorRevertException"/>
/// at gas estimation, before anything is sent; decode it with the types in
/// <c>IndieGent.Chain.Token.Errors</c>. A mined transaction that failed throws
/// <see cref="InvalidOperationException"/>.
/// </remarks>
/// <param name="web3">The connection, with the sending account for transactions.</param>
/// <param name="token">The token contract address.</param>
public sealed class TokenClient(IWeb3 web3, EvmAddress token)
{
    private readonly IWeb3 _web3 = web3 ?? throw new ArgumentNullException(nameof(web3));
    private readonly string _address = token.ToChecksumHex();

    /// <summary>The token contract address.</summary>
    public EvmAddress Address { get; } = token;

    /// <summary><c>balanceOf(account)</c> in base units.</summary>
    public Task<BigInteger> BalanceOfAsync(EvmAddress account, CancellationToken cancellationToken = default) =>
        QueryAsync<BalanceOfFunction, BigInteger>(new() { Account = account.ToChecksumHex() }, cancellationToken);

    /// <summary><c>allowance(holder, spender)</c> in base units.</summary>
    public Task<BigInteger> AllowanceAsync(EvmAddress holder, EvmAddress spender, CancellationToken cancellationToken = default) =>
        QueryAsync<AllowanceFunction, BigInteger>(
            new() { Holder = holder.ToChecksumHex(), Spender = spender.ToChecksumHex() }, cancellationToken);

    /// <summary><c>totalSupply()</c> in base units.</summary>
    public Task<BigInteger> TotalSupplyAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<TotalSupplyFunction, BigInteger>(new(), cancellationToken);

    /// <summary><c>decimals()</c>.</summary>
    public Task<byte> DecimalsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<DecimalsFunction, byte>(new(), cancellationToken);

    /// <summary><c>name()</c>, also the EIP-712 domain name.</summary>
    public Task<string> NameAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<NameFunction, string>(new(), cancellationToken);

    /// <summary><c>symbol()</c>.</summary>
    public Task<string> SymbolAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<SymbolFunction, string>(new(), cancellationToken);

    /// <summary><c>version()</c>, the EIP-712 domain version.</summary>
    public Task<string> VersionAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<VersionFunction, string>(new(), cancellationToken);

    /// <summary><c>owner()</c>, the only account allowed to mint.</summary>
    public async Task<EvmAddress> OwnerAsync(CancellationToken cancellationToken = default) =>
        EvmAddress.Parse(await QueryAsync<OwnerFunction, string>(new(), cancellationToken));

    /// <summary><c>nonces(holder)</c>: the nonce the holder's next permit must carry.</summary>
    public Task<BigInteger> NoncesAsync(EvmAddress holder, CancellationToken cancellationToken = default) =>
        QueryAsync<NoncesFunction, BigInteger>(new() { Holder = holder.ToChecksumHex() }, cancellationToken);

    /// <summary><c>authorizationState(authorizer, nonce)</c>: true once the nonce is used or canceled.</summary>
    public Task<bool> AuthorizationStateAsync(EvmAddress authorizer, byte[] nonce, CancellationToken cancellationToken = default) =>
        QueryAsync<AuthorizationStateFunction, bool>(
            new() { Authorizer = authorizer.ToChecksumHex(), AuthorizationNonce = nonce }, cancellationToken);

    /// <summary>Reads and verifies the token's EIP-712 domain (see <see cref="TokenDomain.ReadAsync"/>).</summary>
    public Task<TokenDomain> ReadDomainAsync(CancellationToken cancellationToken = default) =>
        TokenDomain.ReadAsync(_web3, Address, cancellationToken);

    /// <summary><c>transfer(to, value)</c> from the sending account.</summary>
    public Task<TransactionReceipt> TransferAsync(EvmAddress to, BigInteger value, CancellationToken cancellationToken = default) =>
        SendAsync(new TransferFunction { To = to.ToChecksumHex(), Value = value }, cancellationToken);

    /// <summary><c>mint(to, amount)</c>; the sending account must be the owner.</summary>
    public Task<TransactionReceipt> MintAsync(EvmAddress to, BigInteger amount, CancellationToken cancellationToken = default) =>
        SendAsync(new MintFunction { To = to.ToChecksumHex(), Amount = amount }, cancellationToken);

    /// <summary>Submits a signed <c>transferWithAuthorization</c> (the <c>bytes signature</c> overload); the sender pays gas.</summary>
    public Task<TransactionReceipt> TransferWithAuthorizationAsync(
        TransferAuthorization authorization, EvmSignature signature, CancellationToken cancellationToken = default) =>
        SendAsync(RelayedAuthorization.Function(authorization, signature), cancellationToken);

    /// <summary>
    /// Broadcasts a signed <c>transferWithAuthorization</c> (gas estimated first, so a revert throws
    /// before sending) and returns its hash without waiting for the receipt.
    /// </summary>
    public Task<string> SubmitTransferWithAuthorizationAsync(
        TransferAuthorization authorization, EvmSignature signature, CancellationToken cancellationToken = default) =>
        _web3.Eth.GetContractTransactionHandler<TransferWithAuthorizationFunction>()
            .SendRequestAsync(_address, RelayedAuthorization.Function(authorization, signature))
            .WaitAsync(cancellationToken);

    /// <summary>Submits a signed <c>transferWithAuthorization</c> (the v, r, s overload); the sender pays gas.</summary>
    public Task<TransactionReceipt> TransferWithAuthorizationVrsAsync(
        TransferAuthorization authorization, EvmSignature signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(signature);
        return SendAsync(new TransferWithAuthorizationVrsFunction
        {
            From = authorization.From.ToChecksumHex(),
            To = authorization.To.ToChecksumHex(),
            Value = authorization.Value,
            ValidAfter = authorization.ValidAfter,
            ValidBefore = authorization.ValidBefore,
            AuthorizationNonce = authorization.Nonce,
            V = signature.V,
            R = signature.R,
            S = signature.S,
        }, cancellationToken);
    }

    /// <summary>Submits a signed <c>receiveWithAuthorization</c> (<c>bytes signature</c>); the sending account must be the payee.</summary>
    public Task<TransactionReceipt> ReceiveWithAuthorizationAsync(
        TransferAuthorization authorization, EvmSignature signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(signature);
        return SendAsync(new ReceiveWithAuthorizationFunction
        {
            From = authorization.From.ToChecksumHex(),
            To = authorization.To.ToChecksumHex(),
            Value = authorization.Value,
            ValidAfter = authorization.ValidAfter,
            ValidBefore = authorization.ValidBefore,
            AuthorizationNonce = authorization.Nonce,
            Signature = signature.ToByteArray(),
        }, cancellationToken);
    }

    /// <summary>Submits a signed <c>cancelAuthorization</c> (<c>bytes signature</c>).</summary>
    public Task<TransactionReceipt> CancelAuthorizationAsync(
        EvmAddress authorizer, byte[] nonce, EvmSignature signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return SendAsync(new CancelAuthorizationFunction
        {
            Authorizer = authorizer.ToChecksumHex(),
            AuthorizationNonce = nonce,
            Signature = signature.ToByteArray(),
        }, cancellationToken);
    }

    /// <summary>Submits a signed EIP-2612 <c>permit</c> (the standard v, r, s overload).</summary>
    public Task<TransactionReceipt> PermitAsync(PermitAuthorization permit, EvmSignature signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(permit);
        ArgumentNullException.ThrowIfNull(signature);
        return SendAsync(new PermitVrsFunction
        {
            Owner = permit.Owner.ToChecksumHex(),
            Spender = permit.Spender.ToChecksumHex(),
            Value = permit.Value,
            Deadline = permit.Deadline,
            V = signature.V,
            R = signature.R,
            S = signature.S,
        }, cancellationToken);
    }

    /// <summary>Runs a read-only call against the latest block.</summary>
    public Task<TResult> QueryAsync<TFunction, TResult>(TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new() =>
        // Nethereum's query handler takes no token; WaitAsync at least stops the caller from waiting.
        _web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TResult>(_address, function).WaitAsync(cancellationToken);

    /// <summary>Sends a transaction (gas estimated first, so a revert throws before sending) and waits for its receipt.</summary>
    /// <exception cref="InvalidOperationException">The transaction was mined but failed.</exception>
    public async Task<TransactionReceipt> SendAsync<TFunction>(TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new()
    {
        var receipt = await _web3.Eth.GetContractTransactionHandler<TFunction>()
            .SendRequestAndWaitForReceiptAsync(_address, function, cancellationToken);
        return receipt.Succeeded()
            ? receipt
            : throw new InvalidOperationException($"{typeof(TFunction).Name} failed on chain in transaction {receipt.TransactionHash}.");
    }
}
