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
        return builder;
    }
}
