using System.Text.RegularExpressions;
using IndieGent.Contracts.Marketplace;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Ledger.Api.Marketplace.Settlement;

/// <summary>
/// Records the marketplace settlement wallet the Wallet announces on every start. The first address
/// is kept: money swept there stays there, so a different address for the same wallet (a Wallet
/// database restored from elsewhere) is refused loudly, to the error queue, never adopted quietly.
/// </summary>
public sealed partial class SettlementWalletOpenedConsumer(ILogger<SettlementWalletOpenedConsumer> logger) : IConsumer<MarketplaceSettlementWalletOpened>
{
    public async Task Consume(ConsumeContext<MarketplaceSettlementWalletOpened> context)
    {
        var m = context.Message;
        if (m.WalletId != MarketplaceSettlementWalletOpened.Id || m.Address is null || !Address().IsMatch(m.Address))
            throw new InvalidOperationException($"The announced marketplace settlement wallet {m.WalletId} ({m.Address}) is not the one the Ledger knows.");
        var session = context.ConsumeSession();
        var announced = m.Address.ToLowerInvariant();
        if (await session.LoadAsync<SettlementWallet>(m.WalletId, context.CancellationToken) is { } known)
        {
            if (known.Address != announced)
                throw new InvalidOperationException(
                    $"The marketplace settlement wallet was announced at {announced}, but the Ledger swept to {known.Address}: refusing to switch.");
            return;
        }

        session.Insert(new SettlementWallet(m.WalletId, announced, m.At));
        LogRecorded(announced);
    }

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex Address();

    [LoggerMessage(Level = LogLevel.Information, Message = "The marketplace settlement wallet is {Address}")]
    private partial void LogRecorded(string address);
}
