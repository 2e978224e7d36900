using MassTransit;
using MassTransit.Configuration;

namespace IndieGent.Messaging.Scheduling;

/// <summary>Adds <see cref="MartenMessageSchedulerFilter"/> ahead of every receive endpoint's consume pipe.</summary>
internal sealed class MartenMessageSchedulerSpecification : IPipeSpecification<ConsumeContext>
{
    public void Apply(IPipeBuilder<ConsumeContext> builder) => builder.AddFilter(new MartenMessageSchedulerFilter());

    public IEnumerable<ValidationResult> Validate() => [];
}
