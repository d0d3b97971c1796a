using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EndpointStats.Hosting.Security;

public static class PlatformAuthenticationExtensions
{
    /// <summary>Clock difference tolerated between the role that issued a token and the one validating it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// JWT bearer validation and the <see cref="PlatformPolicies"/>, for every role. <paramref name="issuesTokens"/>: this
    /// process runs the identity role, so it may create the embedded key when none is configured.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder, bool issuesTokens)
    {
        builder.Services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);
        builder.Services.AddOptions<SigningKeyOptions>().BindConfiguration(SigningKeyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SigningKeyOptions>, ValidateSigningKeyOptions>();
        builder.Services.AddSingleton(sp => PlatformKeyRing.Load(
            sp.GetRequiredService<IOptions<SigningKeyOptions>>().Value,
            builder.Configuration["Storage:DataDirectory"] is { Length: > 0 } dir ? dir : "./data",
            issuesTokens));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        SkipEagerDataProtectionKeyRing(builder.Services);
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<PlatformKeyRing, IOptions<SigningKeyOptions>>((jwt, ring, keys) =>
            {
                // Claims keep their JWT names, so the user id is "sub" in every role.
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = keys.Value.Issuer,
                    ValidAudience = keys.Value.Audience,
                    IssuerSigningKeys = ring.ValidationKeys,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256],
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = ClockSkew,
                    NameClaimType = PlatformClaims.Name,
                    RoleClaimType = PlatformClaims.Role,
                };
            });

        var anonymousDashboards = builder.Configuration.GetValue<bool>($"{SecurityOptions.Section}:{nameof(SecurityOptions.AnonymousDashboards)}");
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.User, p => p.RequireAuthenticatedUser())
            .AddPolicy(PlatformPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(PlatformClaims.Role, PlatformClaims.AdminRole))
            .AddPolicy(PlatformPolicies.Dashboard, p =>
            {
                if (anonymousDashboards)
                {
                    p.RequireAssertion(_ => true);
                }
                else
                {
                    p.RequireAuthenticatedUser().RequireClaim(PlatformClaims.Role, PlatformClaims.AdminRole);
                }
            });
        return builder;
    }

    /// <summary>Reads the bearer token, if any; the gateway runs this in its authentication slot, other roles right after routing.</summary>
    public static IApplicationBuilder UsePlatformAuthentication(this IApplicationBuilder app) => app.UseAuthentication();

    /// <summary>Enforces the endpoint's policy; runs last, after the gateway's rate limiting, just before the endpoint.</summary>
    public static IApplicationBuilder UsePlatformAuthorization(this IApplicationBuilder app) => app.UseAuthorization();

    /// <summary>
    /// AddAuthentication registers data protection with a hosted service that loads (or creates and writes) the XML key ring
    /// at start-up. Bearer tokens never use it; the few callers that do (antiforgery on form posts) still get the key ring,
    /// created on first use. Skipping the eager load keeps every role from loading the XML stack and writing keys it may never
    /// need, and from warning about unpersisted keys in a read-only container.
    /// </summary>
    private static void SkipEagerDataProtectionKeyRing(IServiceCollection services)
    {
        var eager = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList();
        foreach (var descriptor in eager)
        {
            services.Remove(descriptor);
        }
    }
}
