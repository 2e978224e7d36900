using MassTransit;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>Retries the signer's transient refusal and an unreachable chain or Wallet, with growing pauses.</summary>
public sealed class SettlePaymentConsumerDefinition : ConsumerDefinition<SettlePaymentConsumer>
{
    public SettlePaymentConsumerDefinition() => EndpointName = "settlement-payments";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SettlePaymentConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Intervals(
            TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
}
