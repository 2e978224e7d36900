using System.Net;
using System.Text;
using IndieGent.Samples.Providers.Registration;

namespace IndieGent.Samples.Providers.Tests;

/// <summary><c>POST /email/send</c> (paid) delivers to the in-memory inbox; <c>GET /email/inbox/{address}</c> (free) shows it.</summary>
public sealed class Email_service : IAsyncLifetime
{
    private readonly DemoProvidersHost _host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_paid_send_is_accepted_and_delivered_to_the_inbox_of_its_address()
    {
        var callId = Guid.NewGuid();

        using var sent = await _host.SendAsync(DemoCatalogue.Email, "POST", "/email/send",
            new { to = "ada@example.com", subject = "Your itinerary", text = "AMS → LIS, 15 January." }, callId);
        using var inbox = await _host.SendAsync(null, "GET", "/email/inbox/ADA@example.com");

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal($"msg_{callId:N}", (await DemoProvidersHost.JsonAsync(sent)).GetProperty("messageId").GetString());
        Assert.Equal("/email/inbox/ada%40example.com", sent.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        var message = Assert.Single((await DemoProvidersHost.JsonAsync(inbox)).GetProperty("messages").EnumerateArray());
        Assert.Equal(($"msg_{callId:N}", "ada@example.com", "Your itinerary", "AMS → LIS, 15 January.", callId),
            (message.GetProperty("messageId").GetString(), message.GetProperty("to").GetString(), message.GetProperty("subject").GetString(),
                message.GetProperty("text").GetString(), message.GetProperty("callId").GetGuid()));
    }

    [Fact]
    public async Task An_inbox_shows_only_its_own_messages_oldest_first()
    {
        foreach (var (to, subject) in new[] { ("bob@example.com", "one"), ("eve@example.com", "other"), ("bob@example.com", "two") })
        {
            using var sent = await _host.SendAsync(DemoCatalogue.Email, "POST", "/email/send", new { to, subject, text = "hi" });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        using var bob = await _host.SendAsync(null, "GET", "/email/inbox/bob@example.com");
        using var nobody = await _host.SendAsync(null, "GET", "/email/inbox/nobody@example.com");

        Assert.Equal(["one", "two"], (await DemoProvidersHost.JsonAsync(bob)).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()));
        Assert.Empty((await DemoProvidersHost.JsonAsync(nobody)).GetProperty("messages").EnumerateArray());
    }

    public static TheoryData<string, string[]> BadMessages => new()
    {
        { """{"to":"not-an-address","subject":"s","text":"t"}""", ["to"] },
        { """{"to":"Ada <ada@example.com>","subject":"s","text":"t"}""", ["to"] },
        { """{"to":"ada@example.com","subject":"","text":"t"}""", ["subject"] },
        { """{"to":"ada@example.com","subject":"a\nBcc: eve@example.com","text":"t"}""", ["subject"] },
        { """{"to":"ada@example.com","subject":"s"}""", ["text"] },
        { """{}""", ["subject", "text", "to"] },
        { "null", ["body"] },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task A_bad_message_is_a_validation_problem_naming_the_fields(string json, string[] fields)
    {
        using var response = await _host.SendAsync(DemoCatalogue.Email, "POST", "/email/send", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal((400, "https://indiegent.dev/problems/validation-failed", string.Join(",", fields)), await DemoProvidersHost.ProblemAsync(response));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_bad_request()
    {
        using var response = await _host.SendAsync(DemoCatalogue.Email, "POST", "/email/send", new StringContent("{to:", Encoding.UTF8, "application/json"));

        Assert.Equal(400, (await DemoProvidersHost.ProblemAsync(response)).Status);
    }

    [Fact]
    public async Task An_unpaid_send_is_refused_before_its_body_is_read_and_delivers_nothing()
    {
        using var unpaid = await _host.SendAsync(null, "POST", "/email/send", new StringContent("{to:", Encoding.UTF8, "application/json"));
        using var flightsCall = await _host.SendAsync(DemoCatalogue.Flights, "POST", "/email/send", new { to = "mallory@example.com", subject = "s", text = "t" });
        using var inbox = await _host.SendAsync(null, "GET", "/email/inbox/mallory@example.com");

        Assert.Equal((401, "https://indiegent.dev/problems/marketplace-call-required", ""), await DemoProvidersHost.ProblemAsync(unpaid));
        Assert.Equal((401, "https://indiegent.dev/problems/invalid-marketplace-call", ""), await DemoProvidersHost.ProblemAsync(flightsCall));
        Assert.Empty((await DemoProvidersHost.JsonAsync(inbox)).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task An_inbox_address_that_is_no_address_is_a_validation_problem()
    {
        using var response = await _host.SendAsync(null, "GET", "/email/inbox/not-an-address");

        Assert.Equal((400, "https://indiegent.dev/problems/validation-failed", "address"), await DemoProvidersHost.ProblemAsync(response));
    }
}
