using IndieGent.Messaging.Tests.Orders;
using IndieGent.Messaging.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IndieGent.Messaging.Tests;

/// <summary>What <c>AddIndieGentMessaging</c> asks of the broker, checked on a real RabbitMQ.</summary>
public sealed class The_broker_settings(Infrastructure infrastructure) : IClassFixture<Infrastructure>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_services_durable_receive_queue_is_a_quorum_queue()
    {
        await using var host = await MessagingHost.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString,
            bus => bus.AddConsumer<PlaceOrderConsumer>(), configureServices: services => services.AddSingleton(new Recorder()));

        var factory = new ConnectionFactory { Uri = new Uri(infrastructure.AmqpUri) };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        // The broker compares a queue's type with what a declaration asks for: quorum is what it has, classic it refuses.
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: Ct))
        {
            await channel.QueueDeclareAsync("place-order", durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: Ct);
        }

        await using var classic = await connection.CreateChannelAsync(cancellationToken: Ct);
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => classic.QueueDeclareAsync("place-order", durable: true,
            exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic" }, cancellationToken: Ct));
        Assert.Equal(406, refused.ShutdownReason!.ReplyCode);
    }

    [Fact]
    public void The_database_settings_size_the_pool_and_bound_the_timeouts_over_the_connection_string()
    {
        var applied = new Npgsql.NpgsqlConnectionStringBuilder(new DatabaseSettings { MaxPoolSize = 12, ConnectTimeoutSeconds = 5, CommandTimeoutSeconds = 20 }
            .Apply("Host=db;Database=ledger;Username=ledger;Maximum Pool Size=100"));

        Assert.Equal((12, 5, 20, "ledger"), (applied.MaxPoolSize, applied.Timeout, applied.CommandTimeout, applied.Database));
        Assert.Equal(100, new Npgsql.NpgsqlConnectionStringBuilder(new DatabaseSettings().Apply("Host=db;Maximum Pool Size=100")).MaxPoolSize);
        Assert.Throws<InvalidOperationException>(() => new DatabaseSettings { MaxPoolSize = 0 }.Apply("Host=db"));
    }

    [Theory]
    [InlineData("queue:ledger-payment-saga", "exchange:ledger-payment-saga")]
    [InlineData("rabbitmq://broker:5672/vhost/ledger-transfer-saga?bind=true", "rabbitmq://broker:5672/vhost/ledger-transfer-saga")]
    [InlineData("rabbitmq://broker:5672/vhost/orders?durable=false&bind=true", "rabbitmq://broker:5672/vhost/orders?durable=false")]
    [InlineData("exchange:IndieGent.Contracts.Payments:Confirmed", "exchange:IndieGent.Contracts.Payments:Confirmed")]
    public void A_send_to_a_queue_goes_through_its_exchange_so_nothing_redeclares_a_quorum_queue(string address, string through) =>
        Assert.Equal(new Uri(through), Outbox.QueueAddresses.ThroughExchange(new Uri(address)));
}
