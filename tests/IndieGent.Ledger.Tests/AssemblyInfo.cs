[assembly: AssemblyFixture(typeof(IndieGent.Testing.PostgresFixture))]
