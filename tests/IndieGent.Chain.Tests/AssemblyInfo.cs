using IndieGent.Testing;

// One anvil for the whole assembly; every test class deploys its own token on it.
[assembly: AssemblyFixture(typeof(AnvilFixture))]
