using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace IndieGent.Testing.Tests;

public sealed class A_virtual_host_from_the_rabbitmq_fixture(RabbitMqFixture rabbitMq)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delivers_a_published_message_to_a_consumer()
    {
        await using var connection = await ConnectAsync(await rabbitMq.CreateVirtualHostAsync(Cancellation));
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation);
        await channel.QueueDeclareAsync("payments", durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancellation);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(delivery.Body.Span));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync("payments", autoAck: true, consumer, Cancellation);

        await channel.BasicPublishAsync("", "payments", Encoding.UTF8.GetBytes("PaymentRequested 42"), Cancellation);

        Assert.Equal("PaymentRequested 42", await received.Task.WaitAsync(DeliveryTimeout, Cancellation));
    }

    [Fact]
    public async Task Hides_its_queues_from_other_virtual_hosts()
    {
        await using var first = await ConnectAsync(await rabbitMq.CreateVirtualHostAsync(Cancellation));
        await using var second = await ConnectAsync(await rabbitMq.CreateVirtualHostAsync(Cancellation));
        await using var firstChannel = await first.CreateChannelAsync(cancellationToken: Cancellation);
        await firstChannel.QueueDeclareAsync("settlements", durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancellation);

        // Passive declares fail with 404 when the queue does not exist in the channel's virtual host.
        await firstChannel.QueueDeclarePassiveAsync("settlements", Cancellation);
        await using var secondChannel = await second.CreateChannelAsync(cancellationToken: Cancellation);
        var missing = await Assert.ThrowsAsync<OperationInterruptedException>(
            () => secondChannel.QueueDeclarePassiveAsync("settlements", Cancellation));

        Assert.Equal(404, (int?)missing.ShutdownReason?.ReplyCode);
    }

    [Fact]
    public async Task Is_a_different_virtual_host_each_time()
    {
        var first = new Uri(await rabbitMq.CreateVirtualHostAsync(Cancellation));
        var second = new Uri(await rabbitMq.CreateVirtualHostAsync(Cancellation));

        Assert.NotEqual(first.AbsolutePath, second.AbsolutePath);
        Assert.Equal(new Uri(rabbitMq.AmqpUri).Authority, first.Authority);
    }

    private static Task<IConnection> ConnectAsync(string amqpUri) =>
        new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync(Cancellation);
}
