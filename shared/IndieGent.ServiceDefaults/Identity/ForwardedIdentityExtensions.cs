using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IndieGent.ServiceDefaults.Identity;

/// <summary>Wires the forwarded-identity scheme and the role policies into a service.</summary>
public static class ForwardedIdentityExtensions
{
    /// <summary>
    /// Registers <see cref="ForwardedIdentityHandler"/> as the default scheme, the policies in
    /// <see cref="IdentityPolicies"/>, and validates <c>Identity:InternalSigningKey</c> at start-up.
    /// </summary>
    public static TBuilder AddForwardedIdentity<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ForwardedIdentityOptions>()
            .Bind(builder.Configuration.GetSection(ForwardedIdentityOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ForwardedIdentityOptions>, ForwardedIdentityOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new ForwardedIdentityCodec(
            sp.GetRequiredService<IOptions<ForwardedIdentityOptions>>().Value.KeyBytes()));

        builder.Services.AddAuthentication(ForwardedIdentityDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ForwardedIdentityHandler>(ForwardedIdentityDefaults.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(IdentityPolicies.Operator, p => p.RequireClaim(IdentityClaimTypes.Role, IdentityRoles.Operator))
            .AddPolicy(IdentityPolicies.Agent, p => p.RequireClaim(IdentityClaimTypes.Role, IdentityRoles.Agent))
            .AddPolicy(IdentityPolicies.Admin, p => p.RequireClaim(IdentityClaimTypes.Role, IdentityRoles.Admin))
            .AddPolicy(IdentityPolicies.Gateway, p => p.RequireClaim(IdentityClaimTypes.Role, IdentityRoles.Gateway));
        return builder;
    }
}
