[assembly: AssemblyFixture(typeof(IndieGent.Testing.PostgresFixture))]
[assembly: AssemblyFixture(typeof(IndieGent.Testing.AnvilFixture))]
[assembly: AssemblyFixture(typeof(IndieGent.Testing.RabbitMqFixture))]

