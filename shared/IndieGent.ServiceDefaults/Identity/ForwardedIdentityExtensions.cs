using IndieGent.ServiceDefaults.Signing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace IndieGent.ServiceDefaults.Identity;

/// <summary>Wires the forwarded-identity scheme, its signer (the Gateway) and the role policies into a service.</summary>
public static class ForwardedIdentityExtensions
{
    /// <summary>
    /// A service behind the Gateway: <see cref="ForwardedIdentityHandler"/> as the default scheme,
    /// accepting headers signed for <paramref name="audience"/> with a key of
    /// <c>Identity:PublicKeys</c> (checked at start-up), and the policies of <see cref="IdentityPolicies"/>.
    /// </summary>
    public static TBuilder AddForwardedIdentity<TBuilder>(this TBuilder builder, string audience) where TBuilder : IHostApplicationBuilder
    {
        var options = Bind(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new ForwardedIdentityVerifier(Es256Keys.ImportPublicKeys(options.PublicKeys, "Identity:PublicKeys"), audience));
        builder.Services.AddAuthentication(ForwardedIdentityDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ForwardedIdentityHandler>(ForwardedIdentityDefaults.Scheme, null);
        return builder.AddIdentityPolicies();
    }

    /// <summary>The Gateway: signs forwarded identities with <c>Identity:KeyId</c> / <c>Identity:SigningKey</c> (checked at start-up).</summary>
    public static TBuilder AddForwardedIdentitySigner<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = Bind(builder);
        var keyId = Es256Keys.RequireKeyId(options.KeyId, "Identity:KeyId");
        var key = Es256Keys.ImportPrivateKey(options.SigningKey, "Identity:SigningKey");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new ForwardedIdentitySigner(keyId, key, sp.GetRequiredService<TimeProvider>()));
        return builder.AddIdentityPolicies();
    }

    /// <summary>Requests of this client carry the identity set on them, signed for the client's service (its name).</summary>
    public static IHttpClientBuilder SignForwardedIdentity(this IHttpClientBuilder client) =>
        client.AddHttpMessageHandler(sp => new ForwardedIdentitySigningHandler(sp.GetRequiredService<ForwardedIdentitySigner>(), client.Name));

    private static TBuilder AddIdentityPolicies<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(IdentityPolicies.Operator, p => p.RequireClaim(IdentityClaimTypes.Role, IdentityRoles.Operator))
            .AddPolicy(IdentityPolicies.Agent, p => p.RequireClaim(IdentityClaimTypes.Role, IdentityRoles.Agent))
            .AddPolicy(IdentityPolicies.Admin, p => p.RequireClaim(IdentityClaimTypes.Role, IdentityRoles.Admin))
            .AddPolicy(IdentityPolicies.Gateway, p => p.RequireClaim(IdentityClaimTypes.Role, IdentityRoles.Gateway));
        return builder;
    }

    private static ForwardedIdentityOptions Bind(IHostApplicationBuilder builder)
    {
        var options = new ForwardedIdentityOptions();
        builder.Configuration.GetSection(ForwardedIdentityOptions.Section).Bind(options);
        return options;
    }
}
