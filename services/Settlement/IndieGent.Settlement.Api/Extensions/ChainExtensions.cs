using IndieGent.Settlement.Api.Chain;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IndieGent.Settlement.Api.Extensions;

public static class ChainExtensions
{
    /// <summary>Binds and validates <see cref="ChainOptions"/> at start-up and registers the RPC client.</summary>
    public static IHostApplicationBuilder AddChain(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChainOptions>()
            .Bind(builder.Configuration.GetSection(ChainOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => ChainRpc.Create(sp.GetRequiredService<IOptions<ChainOptions>>().Value.RpcUrl));
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
