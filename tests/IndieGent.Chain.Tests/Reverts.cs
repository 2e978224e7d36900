using Nethereum.Contracts;

namespace IndieGent.Chain.Tests;

/// <summary>Assertions on the token's custom-error reverts.</summary>
public static class Reverts
{
    /// <summary>Runs <paramref name="action"/>, asserts it reverts with <typeparamref name="TError"/>, and returns the decoded error.</summary>
    public static async Task<TError> WithAsync<TError>(Func<Task> action)
        where TError : class, new()
    {
        var exception = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(action);
        Assert.True(
            exception.IsCustomErrorFor<TError>(),
            $"Expected the revert {typeof(TError).Name}, but the revert data was {exception.ExceptionEncodedData}.");
        return exception.DecodeError<TError>();
    }
}
