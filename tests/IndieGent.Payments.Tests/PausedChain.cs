namespace IndieGent.Payments.Tests;

/// <summary>Tests that pause the mining of the assembly's shared anvil: they run alone, never beside another test.</summary>
[CollectionDefinition(nameof(PausedChain), DisableParallelization = true)]
public sealed class PausedChain;
