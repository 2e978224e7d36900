namespace IndieGent.Cli;

/// <summary>
/// What <c>indiegent</c> exits with, so scripts can tell a refusal from an outage. Documented in the
/// README ("The indiegent CLI") and in <c>indiegent --help</c>.
/// </summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Anything not listed below (a conflict, a failed settlement, an unexpected answer).</summary>
    public const int Other = 1;

    /// <summary>The command line or a value in it is wrong (also an API's 400/422 about the input).</summary>
    public const int Usage = 2;

    /// <summary>The gateway could not be reached, or the key is missing, unknown, revoked or not allowed to do this.</summary>
    public const int NetworkOrAuth = 3;

    /// <summary>The payment (or marketplace call) was refused by a spending rule, the operator, or <c>--max-amount</c>.</summary>
    public const int RefusedByPolicy = 4;

    /// <summary>The wallet does not hold enough to pay.</summary>
    public const int InsufficientFunds = 5;

    /// <summary>No such agent, key, payment or service (for this key).</summary>
    public const int NotFound = 6;
}
