using System.Text;
using IndieGent.Messaging;
using IndieGent.Testing;

namespace IndieGent.Platform.Tests;

/// <summary>
/// The broker permissions a hosted cluster sets (<c>deploy/k8s/broker-permissions.sh</c>) are the
/// services' own grants, the same the test platform runs every test with; the script is generated
/// from them and must not drift. Set INDIEGENT_WRITE_GENERATED=1 to rewrite it after a grant changed.
/// </summary>
public sealed class The_deployment_grants
{
    private static readonly BrokerGrant[] Grants =
    [
        Gateway.Api.GatewayApi.Broker, Wallet.Api.WalletApi.Broker, Ledger.Api.LedgerApi.Broker,
        Funding.Api.FundingApi.Broker, Marketplace.Api.MarketplaceApi.Broker, Settlement.Api.SettlementApi.Broker,
    ];

    [Fact]
    public void Broker_permissions_script_is_generated_from_every_service_s_grant()
    {
        var script = new StringBuilder("""
            #!/usr/bin/env bash
            # Generated from the services' broker grants (BrokerGrant beside each service's consumers) by
            # tests/IndieGent.Platform.Tests/The_deployment_grants.cs; do not edit by hand.
            #
            # Gives each service's broker user its permissions on the virtual host, and nothing more: its own
            # queues and exchanges, the exchanges of what it publishes (write) and consumes (read).
            # usage: deploy/k8s/broker-permissions.sh <vhost>   (where rabbitmqctl reaches the broker)
            # Create the users first, with passwords from your secret store:
            #   rabbitmqctl add_user indiegent-<service> "$password"
            set -euo pipefail
            vhost=${1:?usage: $0 <vhost>}

            """.Replace("\r", "", StringComparison.Ordinal));
        foreach (var grant in Grants)
            script.Append($"rabbitmqctl set_permissions -p \"$vhost\" {grant.User} '{grant.Configure}' '{grant.Write}' '{grant.Read}'\n");

        var path = Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "broker-permissions.sh");
        if (Environment.GetEnvironmentVariable("INDIEGENT_WRITE_GENERATED") == "1")
            File.WriteAllText(path, script.ToString());
        Assert.Equal(script.ToString(), File.ReadAllText(path));
        Assert.Equal(Grants.Select(g => g.Service).Order(), new[] { "funding", "gateway", "ledger", "marketplace", "settlement", "wallet" });
    }

    [Fact]
    public void No_grant_lets_a_service_touch_another_service_s_queues()
    {
        foreach (var grant in Grants)
        {
            foreach (var other in Grants.Where(g => g != grant))
            {
                var queue = other.Service + "-payments";
                Assert.DoesNotMatch(grant.Configure, queue);
                Assert.DoesNotMatch(grant.Write, queue);
                Assert.DoesNotMatch(grant.Read, queue);
            }
        }
    }
}
