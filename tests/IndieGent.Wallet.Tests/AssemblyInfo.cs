[assembly: AssemblyFixture(typeof(IndieGent.Testing.PostgresFixture))]
[assembly: AssemblyFixture(typeof(IndieGent.Testing.AnvilFixture))]
