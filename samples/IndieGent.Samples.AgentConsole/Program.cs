// An agent that calls a paid API through IndieGent: its code is a plain fetch; the SDK pays the 402
// from the agent's wallet (the platform applies the spending controls) and retries.
using IndieGent.Samples.AgentConsole;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<AgentSettings>().Bind(builder.Configuration.GetSection(AgentSettings.Section));
builder.Services.AddSingleton<DemoAgentBootstrap>();
builder.Services.AddHostedService<ForecastAgent>();
builder.Build().Run();
