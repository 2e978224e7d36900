using System.Globalization;
using IndieGent.Contracts.Funding;
using IndieGent.Ledger.Accounts;
using IndieGent.Ledger.Api.Accounts;
using MassTransit;

namespace IndieGent.Ledger.Api.Consumers;

/// <summary>
/// Credits a confirmed deposit to the agent's account. The deposit id is the ledger entry id, so a
/// redelivered or re-announced deposit credits nothing more.
/// </summary>
public sealed class DepositObservedConsumer(AccountService accounts) : IConsumer<DepositObserved>
{
    public async Task Consume(ConsumeContext<DepositObserved> context)
    {
        var deposit = context.Message;
        // A value beyond long (9.2 trillion USDC) is not a deposit we can book: fail loudly so it
        // lands in the error queue for a human instead of being truncated.
        if (!long.TryParse(deposit.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            throw new InvalidOperationException($"Deposit {deposit.DepositId} has an amount the ledger cannot book: {deposit.Amount}.");

        await accounts.CreditAsync(deposit.CorrelationId, deposit.DepositId, amount, CreditSource.Deposit, deposit.TxHash,
            context.CancellationToken);
    }
}
