using IndieGent.Ledger.Providers;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IndieGent.Ledger.Api.Accounts;

/// <summary>Folds a provider's stream into <see cref="ProviderAccount"/>, inline (like an agent's account).</summary>
public sealed class ProviderAccountProjection : SingleStreamProjection<ProviderAccount, Guid>
{
    public override ProviderAccount? Evolve(ProviderAccount? snapshot, Guid id, IEvent e) => e.Data switch
    {
        ProviderAccountOpened opened => ProviderAccount.Open(opened),
        _ => snapshot?.When(e.Data),
    };
}
