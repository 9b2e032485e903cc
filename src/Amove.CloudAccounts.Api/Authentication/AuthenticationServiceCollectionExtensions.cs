using Amove.CloudAccounts.Api.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Microsoft.Extensions.DependencyInjection;

public static class AuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// JWT bearer, configured from the standard <c>Authentication:Schemes:Bearer</c> section
    /// (so <c>dotnet user-jwts</c> works). Tokens must be signed; claims keep their JWT names.
    /// </summary>
    public static IHostApplicationBuilder AddAmoveAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (!AmoveClaims.TryRead(context.Principal!, out _))
                        {
                            context.Fail("The token lacks a valid sub, account_id or user_type claim.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorization();

        // Without keys or an authority every request is a 401; outside Development that is a
        // misconfiguration to fail on at startup, not to discover from the first client's complaint.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Validate(
                    options => !string.IsNullOrEmpty(options.Authority)
                        || options.TokenValidationParameters.IssuerSigningKey is not null
                        || options.TokenValidationParameters.IssuerSigningKeys?.Any() == true,
                    "Authentication:Schemes:Bearer needs SigningKeys (with Issuer and a base64 Value) or an Authority.")
                .ValidateOnStart();
        }

        return builder;
    }
}
