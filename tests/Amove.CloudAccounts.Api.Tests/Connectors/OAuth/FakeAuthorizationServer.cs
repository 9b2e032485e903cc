using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Amove.CloudAccounts.Api.Tests.Connectors.OAuth;

/// <summary>
/// A provider's authorization-code grant (RFC 6749 §4.1, RFC 7636), for the provider fakes: the authorization endpoint a
/// browser is sent to, which redirects back with a code (or an <c>error</c>) for the user a test signed in, and the token
/// endpoint's <c>authorization_code</c> grant, which checks the client, the code, its redirect URI and its PKCE verifier and
/// accepts each code once (<c>invalid_grant</c> after). Records what it was sent.
/// </summary>
public sealed class FakeAuthorizationServer(string clientId, string clientSecret, bool supportsPkce)
{
    /// <summary>Stands for the provider's sign-in session: which user the browser is signed in as.</summary>
    private const string SignedInHeader = "X-Fake-Signed-In";

    private readonly ConcurrentDictionary<string, Func<JsonObject>?> _sessions = new();
    private readonly ConcurrentDictionary<string, Grant> _codes = new();

    public string ClientId { get; } = clientId;

    public string ClientSecret { get; } = clientSecret;

    /// <summary>The query of every authorization request, in order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> AuthorizationRequests { get; } = new();

    /// <summary>The form of every <c>authorization_code</c> token request, with the Authorization header under "Authorization".</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> CodeExchanges { get; } = new();

    /// <summary>Answers to give the next code exchanges instead of checking them (a provider outage).</summary>
    public ConcurrentQueue<IResult> ExchangeFaults { get; } = new();

    public void MapAuthorize(WebApplication app, string path) => app.MapGet(path, Authorize);

    /// <summary>
    /// The user signed in at the provider approves the request <paramref name="authorizationUrl"/> stands for, as their
    /// browser would: the redirect the provider answers, carrying a code that <paramref name="issueTokens"/> redeems.
    /// </summary>
    public Task<AuthorizationRedirect> ApproveAsync(string authorizationUrl, Func<JsonObject> issueTokens) => VisitAsync(authorizationUrl, issueTokens);

    /// <summary>The user refuses: the redirect carries <c>error=access_denied</c>.</summary>
    public Task<AuthorizationRedirect> DenyAsync(string authorizationUrl) => VisitAsync(authorizationUrl, issueTokens: null);

    /// <summary>The answer to a token request if it is an <c>authorization_code</c> grant; null for any other grant.</summary>
    public IResult? TryExchange(IFormCollection form, string? authorization)
    {
        if (form["grant_type"] != "authorization_code")
        {
            return null;
        }

        var recorded = form.ToDictionary(field => field.Key, field => field.Value.ToString());
        recorded["Authorization"] = authorization ?? "";
        CodeExchanges.Enqueue(recorded);
        if (ExchangeFaults.TryDequeue(out var fault))
        {
            return fault;
        }

        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return Error(401, "invalid_client", "Client authentication failed.");
        }

        if (!_codes.TryGetValue(form["code"].ToString(), out var grant) || grant.ClientId != ClientId)
        {
            return Error(400, "invalid_grant", "The authorization code is invalid or has expired.");
        }

        if (!grant.TryRedeem())
        {
            return Error(400, "invalid_grant", "The authorization code has already been redeemed.");
        }

        if (form["redirect_uri"] != grant.RedirectUri)
        {
            return Error(400, "invalid_grant", "redirect_uri does not match the one the code was issued for.");
        }

        if (grant.CodeChallenge is { } challenge
            && (form["code_verifier"].ToString() is not { Length: >= 43 and <= 128 } verifier || ChallengeOf(verifier) != challenge))
        {
            return Error(400, "invalid_grant", "The code_verifier does not match the code_challenge.");
        }

        return Results.Text(grant.IssueTokens().ToJsonString(), "application/json");
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(field => field.Key, field => field.Value.ToString());
        AuthorizationRequests.Enqueue(query);

        // A bad client or redirect URI is shown to the user, never sent to the redirect URI (RFC 6749 §4.1.2.1).
        if (query.GetValueOrDefault("client_id") != ClientId || !Uri.TryCreate(query.GetValueOrDefault("redirect_uri"), UriKind.Absolute, out _))
        {
            return Results.Text("Invalid client_id or redirect_uri.", statusCode: 400);
        }

        var redirectUri = query["redirect_uri"];
        var state = query.GetValueOrDefault("state");
        if (query.GetValueOrDefault("response_type") != "code")
        {
            return RedirectBack(redirectUri, new() { ["error"] = "unsupported_response_type", ["state"] = state });
        }

        var challenge = supportsPkce ? query.GetValueOrDefault("code_challenge") : null;
        if (challenge is not null && query.GetValueOrDefault("code_challenge_method") != "S256")
        {
            return RedirectBack(redirectUri, new() { ["error"] = "invalid_request", ["error_description"] = "Only S256 is supported.", ["state"] = state });
        }

        if (!_sessions.TryRemove(context.Request.Headers[SignedInHeader].ToString(), out var issueTokens))
        {
            return Results.Text("Nobody is signed in.", statusCode: 400);
        }

        if (issueTokens is null)
        {
            return RedirectBack(redirectUri, new()
            {
                ["error"] = "access_denied",
                ["error_description"] = "The user denied access to the app.",
                ["state"] = state,
            });
        }

        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new Grant(ClientId, redirectUri, challenge, issueTokens);
        return RedirectBack(redirectUri, new() { ["code"] = code, ["state"] = state });
    }

    private async Task<AuthorizationRedirect> VisitAsync(string authorizationUrl, Func<JsonObject>? issueTokens)
    {
        var session = Guid.NewGuid().ToString("N");
        _sessions[session] = issueTokens;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, authorizationUrl);
        request.Headers.Add(SignedInHeader, session);
        using var response = await browser.SendAsync(request);
        Assert.True(
            response.StatusCode == HttpStatusCode.Redirect,
            $"The provider did not redirect back: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!;
        var query = QueryHelpers.ParseQuery(location.Query);
        return new AuthorizationRedirect(
            location.GetLeftPart(UriPartial.Path),
            query.TryGetValue("code", out var code) ? code.ToString() : null,
            query.TryGetValue("state", out var state) ? state.ToString() : null,
            query.TryGetValue("error", out var error) ? error.ToString() : null,
            query.TryGetValue("error_description", out var description) ? description.ToString() : null);
    }

    private static IResult RedirectBack(string redirectUri, Dictionary<string, string?> parameters) =>
        Results.Redirect(QueryHelpers.AddQueryString(redirectUri, parameters.Where(parameter => parameter.Value is not null)));

    private static IResult Error(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);

    private static string ChallengeOf(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private sealed class Grant(string clientId, string redirectUri, string? codeChallenge, Func<JsonObject> issueTokens)
    {
        private int _redeemed;

        public string ClientId { get; } = clientId;

        public string RedirectUri { get; } = redirectUri;

        public string? CodeChallenge { get; } = codeChallenge;

        public Func<JsonObject> IssueTokens { get; } = issueTokens;

        /// <summary>True the first time only: a code is single-use.</summary>
        public bool TryRedeem() => Interlocked.Exchange(ref _redeemed, 1) == 0;
    }
}

/// <summary>Where the provider sent the browser back to, and what it put on the URL.</summary>
public sealed record AuthorizationRedirect(string RedirectUrl, string? Code, string? State, string? Error, string? ErrorDescription);
