using IndieGent.Testing;

// One anvil for the whole assembly; every simulator deploys its own token on it.
[assembly: AssemblyFixture(typeof(AnvilFixture))]
