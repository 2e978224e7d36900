using IndieGent.Testing;

// One of each server for the whole assembly, started together; test classes isolate themselves
// with their own database, virtual host and chain accounts.
[assembly: AssemblyFixture(typeof(PostgresFixture))]
[assembly: AssemblyFixture(typeof(RabbitMqFixture))]
[assembly: AssemblyFixture(typeof(AnvilFixture))]
