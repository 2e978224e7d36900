using IndieGent.Testing;

// One broker and one PostgreSQL server for the assembly, started together; each test class takes
// its own virtual host and database (Support/Infrastructure).
[assembly: AssemblyFixture(typeof(PostgresFixture))]
[assembly: AssemblyFixture(typeof(RabbitMqFixture))]
