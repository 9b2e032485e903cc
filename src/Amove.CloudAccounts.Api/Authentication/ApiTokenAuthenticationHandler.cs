using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Amove.CloudAccounts.Core.ApiTokens;
using Amove.CloudAccounts.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Amove.CloudAccounts.Api.Authentication;

/// <summary>
/// Authenticates the API tokens this service issues (<see cref="ApiTokenFormat"/>): the token must be valid and its
/// session live in the database. The session is kept as a request feature (<see cref="ApiTokenSession"/>) for the
/// actions that depend on it; it never becomes a claim, so the encryption key stays out of the principal.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var session = await authenticator.AuthenticateAsync(token, Context.RequestAborted);
        if (session is null)
        {
            return AuthenticateResult.Fail("The API token is invalid, expired or revoked.");
        }

        Context.Features.Set(session);
        var owner = session.Owner;
        List<Claim> claims =
        [
            new(AmoveClaims.Subject, owner.Id.ToString()),
            new(AmoveClaims.AccountId, owner.AccountId.ToString()),
            new(AmoveClaims.UserType, ((int)owner.UserType).ToString(CultureInfo.InvariantCulture)),
            new(AmoveClaims.SessionId, session.SessionId.ToString()),
            new(AmoveClaims.TokenId, session.TokenId.ToString()),
        ];
        if (owner.Email is not null)
        {
            claims.Add(new Claim(AmoveClaims.Email, owner.Email));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, AmoveClaims.Subject, roleType: null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>The bearer token of <paramref name="request"/>, or null when it carries none.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        string? authorization = request.Headers[HeaderNames.Authorization];
        const string prefix = "Bearer ";
        return authorization is not null && authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[prefix.Length..].Trim() is { Length: > 0 } token ? token : null
            : null;
    }
}
