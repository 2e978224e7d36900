using IndieGent.Contracts.Marketplace;
using IndieGent.Marketplace.Api.Catalog;
using IndieGent.Messaging;
using MassTransit;

namespace IndieGent.Marketplace.Api.Calls;

/// <summary>Records each ended marketplace call once (its id is the call's), for the catalog's statistics and for who may rate.</summary>
public sealed class CallCompletedConsumer : IConsumer<MarketplaceCallCompleted>
{
    public Task Consume(ConsumeContext<MarketplaceCallCompleted> context)
    {
        var m = context.Message;
        var session = context.ConsumeSession();
        session.Store(new CallRecord
        {
            Id = m.CallId, Service = m.Service, ProviderId = m.ProviderId, AgentId = m.AgentId, OperatorId = m.OperatorId, Succeeded = m.Succeeded,
            UpstreamStatus = m.UpstreamStatus, LatencyMs = m.LatencyMicroseconds / 1000.0, Amount = m.Amount, At = m.At,
        });
        return Task.CompletedTask;
    }
}
