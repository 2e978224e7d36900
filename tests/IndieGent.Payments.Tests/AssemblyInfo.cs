using IndieGent.Testing;

// One anvil and one PostgreSQL for the assembly; every test class deploys its own token.
[assembly: AssemblyFixture(typeof(AnvilFixture))]
[assembly: AssemblyFixture(typeof(PostgresFixture))]
