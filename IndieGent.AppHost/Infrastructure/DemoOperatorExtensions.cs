using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndieGent.AppHost.Infrastructure;

/// <summary>What the sample agent and the dashboard get of the <see cref="DemoOperator"/>.</summary>
public static class DemoOperatorExtensions
{
    /// <summary>The agent sample makes its agent under the demo operator (<c>Agent:OperatorApiKey</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithDemoOperator(this IResourceBuilder<ProjectResource> agent, DemoOperator demo) =>
        agent.WithEnvironment(async context =>
        {
            if (!context.ExecutionContext.IsPublishMode && await demo.ApiKeyAsync(context.CancellationToken) is { } key)
                context.EnvironmentVariables["Agent__OperatorApiKey"] = key;
        });

    /// <summary>
    /// The dashboard signs the demo operator in once through <c>/session/link?token=…</c>
    /// (<c>Dashboard:SignInLink</c>), and the AppHost prints that link when the dashboard is ready.
    /// The link is printed on purpose (a development AppHost, like the admin key it prints).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDemoOperatorSignInLink(this IResourceBuilder<ProjectResource> dashboard, DemoOperator demo)
    {
        dashboard.WithEnvironment(async context =>
        {
            if (context.ExecutionContext.IsPublishMode || await demo.ApiKeyAsync(context.CancellationToken) is not { } key)
                return;
            context.EnvironmentVariables["Dashboard__SignInLink__Token"] = demo.SignInToken;
            context.EnvironmentVariables["Dashboard__SignInLink__ApiKey"] = key;
        });

        var endpoint = dashboard.GetEndpoint("http");
        dashboard.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(dashboard.Resource, async (e, ct) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IndieGent.AppHost");
            var url = endpoint.Url;
            if (await demo.ApiKeyAsync(ct) is null)
                logger.LogInformation("Dashboard is ready at {Url} (sign in with an operator API key)", url);
            else
                logger.LogInformation("Dashboard is ready at {Url} — sign in as the demo operator: {SignInLink}", url,
                    $"{url}/session/link?token={demo.SignInToken}");
        });
        return dashboard;
    }
}
