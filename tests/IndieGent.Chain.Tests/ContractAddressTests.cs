namespace IndieGent.Chain.Tests;

public sealed class ContractAddressTests
{
    // The addresses every hardhat/anvil user has seen: dev account 0's first two deployments.
    [Theory]
    [InlineData(0UL, "0x5FbDB2315678afecb367f032d93F642f64180aa3")]
    [InlineData(1UL, "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512")]
    public void The_predicted_address_matches_the_well_known_anvil_deployments(ulong nonce, string expected)
    {
        Assert.Equal(EvmAddress.Parse(expected), ContractAddress.Predict(AnvilDevAccounts.Account0.Address, nonce));
    }

    [Fact]
    public void Different_nonces_and_deployers_predict_different_addresses()
    {
        var predictions = new[]
        {
            ContractAddress.Predict(AnvilDevAccounts.Account0.Address, 0),
            ContractAddress.Predict(AnvilDevAccounts.Account0.Address, 200),
            ContractAddress.Predict(AnvilDevAccounts.Account0.Address, ulong.MaxValue - 1),
            ContractAddress.Predict(AnvilDevAccounts.Account1.Address, 0),
        };

        Assert.Equal(predictions.Length, predictions.Distinct().Count());
    }
}
