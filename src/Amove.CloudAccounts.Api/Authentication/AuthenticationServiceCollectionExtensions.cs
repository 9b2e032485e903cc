using Amove.CloudAccounts.Core.Identity;
using Amove.CloudAccounts.Api.Authentication;
using Amove.CloudAccounts.Core.ApiTokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class AuthenticationServiceCollectionExtensions
{
    /// <summary>Chooses, per request, the scheme that reads its bearer token.</summary>
    public const string BearerSelectorScheme = "AmoveBearer";

    /// <summary>
    /// Two kinds of bearer token. The identity provider's: JWT bearer, configured from the standard
    /// <c>Authentication:Schemes:Bearer</c> section (so <c>dotnet user-jwts</c> works); tokens must be signed, claims keep
    /// their JWT names. The API tokens this service issues: <see cref="ApiTokenAuthenticationHandler"/>.
    /// </summary>
    public static IHostApplicationBuilder AddAmoveAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(BearerSelectorScheme)
            .AddPolicyScheme(BearerSelectorScheme, "Identity-provider token or API token", options =>
                options.ForwardDefaultSelector = context =>
                    ApiTokenAuthenticationHandler.BearerToken(context.Request) is { } token && ApiTokenFormat.IsApiToken(token)
                        ? ApiTokenAuthenticationHandler.SchemeName
                        : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (!AmoveClaims.TryRead(context.Principal!, out _))
                        {
                            context.Fail("The token lacks a valid sub, account_id or user_type claim, or its email cannot be an address.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorization();

        // In every environment: dotnet user-jwts keys (Development) are 32 bytes, so they pass.
        builder.Services.AddOptions<BearerSigningKeyOptions>()
            .BindConfiguration(BearerSigningKeyOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BearerSigningKeyOptions>, BearerSigningKeyValidation>();

        // Without keys or an authority every request is a 401; outside Development that is a
        // misconfiguration to fail on at startup, not to discover from the first client's complaint.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Validate(
                    HasAuthorityOrKeys,
                    "Authentication:Schemes:Bearer needs SigningKeys (with Issuer and a base64 Value) or an Authority.")
                .ValidateOnStart();
        }

        return builder;
    }

    private static bool HasAuthorityOrKeys(JwtBearerOptions options)
    {
        try
        {
            return !string.IsNullOrEmpty(options.Authority)
                || options.TokenValidationParameters.IssuerSigningKey is not null
                || options.TokenValidationParameters.IssuerSigningKeys?.Any() == true;
        }
        catch (FormatException)
        {
            // The keys are decoded lazily; one that is not base64 is reported by BearerSigningKeyValidation, which
            // runs first. Throwing here instead would hide that message behind a bare FormatException.
            return true;
        }
    }
}
