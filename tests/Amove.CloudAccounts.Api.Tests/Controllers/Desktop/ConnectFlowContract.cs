using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

/// <summary>
/// The whole connect flow of one OAuth provider, through the API and the provider's fake: the generated URL asks for what
/// yields a refresh token, the provider's redirect completes the connection, the account is stored encrypted and masked,
/// is listed and browsable, and its tokens are later refreshed through the normal connector path.
/// </summary>
public abstract class ConnectFlowContract : IDisposable
{
    private readonly WebApplicationFactory<Program> _app;

    protected ConnectFlowContract(CloudAccountsApiFactory api)
    {
        Api = api;
        _app = api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("OAuth:AllowedRedirectUrls:0", DesktopApi.RedirectUrl);
        });
    }

    protected CloudAccountsApiFactory Api { get; }

    protected TestTenant Tenant { get; } = new();

    /// <summary>The provider as the routes name it ("dropbox").</summary>
    protected abstract string Route { get; }

    protected abstract CloudProvider Provider { get; }

    /// <summary>What points the provider's connector at the fake, client id and secret included.</summary>
    protected abstract IReadOnlyDictionary<string, string?> Settings { get; }

    protected abstract FakeAuthorizationServer Authorization { get; }

    /// <summary>The fake's authorization endpoint, where the generated URL must lead.</summary>
    protected abstract Uri AuthorizeEndpoint { get; }

    protected abstract string? ExpectedScope { get; }

    /// <summary>The parameters beyond the standard ones that make the provider issue a refresh token.</summary>
    protected abstract IReadOnlyDictionary<string, string> ExpectedExtraParameters { get; }

    protected abstract bool UsesPkce { get; }

    /// <summary>A new user at the provider, with a file in their storage.</summary>
    protected abstract ProviderUser NewUser();

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task The_authorization_url_asks_the_provider_for_a_code_a_refresh_token_and_the_scopes_the_connector_needs()
    {
        using var client = _app.CreateClientFor(Tenant.Owner);

        var url = await client.GenerateUrlAsync(Route);

        var uri = new Uri(url);
        Assert.Equal(AuthorizeEndpoint.GetLeftPart(UriPartial.Path), uri.GetLeftPart(UriPartial.Path));
        var query = DesktopApi.QueryOf(url);
        Assert.Equal(Authorization.ClientId, query["client_id"]);
        Assert.Equal(DesktopApi.RedirectUrl, query["redirect_uri"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(ExpectedScope, query.GetValueOrDefault("scope"));
        foreach (var (name, value) in ExpectedExtraParameters)
        {
            Assert.Equal(value, query.GetValueOrDefault(name));
        }

        Assert.False(string.IsNullOrEmpty(query["state"]));
        if (UsesPkce)
        {
            Assert.Equal("S256", query["code_challenge_method"]);
            Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"]);
        }
        else
        {
            Assert.False(query.ContainsKey("code_challenge"));
        }

        // Nothing secret and nothing else: a client secret in a URL would end up in browser histories.
        var expected = new[] { "client_id", "redirect_uri", "response_type", "state" }
            .Concat(ExpectedScope is null ? [] : ["scope"])
            .Concat(ExpectedExtraParameters.Keys)
            .Concat(UsesPkce ? ["code_challenge", "code_challenge_method"] : []);
        Assert.Equal(expected.Order(), query.Keys.Order());
        Assert.DoesNotContain(Authorization.ClientSecret, url);
    }

    [Fact]
    public async Task The_provider_redirect_completes_the_connection_and_the_account_is_stored_encrypted_listed_and_browsable()
    {
        using var client = _app.CreateClientFor(Tenant.Owner);
        var user = NewUser();
        var url = await client.GenerateUrlAsync(Route, cloudName: "Studio drive", shared: true);

        JsonObject? granted = null;
        var redirect = await Authorization.ApproveAsync(url, () => granted = user.Grant());
        Assert.Equal(DesktopApi.RedirectUrl, redirect.RedirectUrl);
        Assert.Equal(DesktopApi.QueryOf(url)["state"], redirect.State);
        var account = await (await client.CallbackAsync(Route, redirect.Code, redirect.State, redirect.RedirectUrl)).ShouldBeOkJsonObjectAsync();

        // Answered as insert answers: the provider, the name and sharing asked for, the tokens masked.
        Assert.Equal((int)Provider, (int)account["cloudType"]!);
        Assert.Equal("Studio drive", (string?)account["name"]);
        Assert.True((bool)account["shared"]!);
        Assert.Equal("**********", (string?)account["credentialsData"]);
        var id = Guid.Parse((string)account["id"]!);

        // The code was exchanged as RFC 6749 says, with the verifier of the challenge where the provider uses PKCE.
        var exchange = Assert.Single(Authorization.CodeExchanges, e => e["code"] == redirect.Code);
        Assert.Equal("authorization_code", exchange["grant_type"]);
        Assert.Equal(DesktopApi.RedirectUrl, exchange["redirect_uri"]);
        Assert.Equal(Authorization.ClientId, exchange["client_id"]);
        Assert.Equal(UsesPkce, exchange.ContainsKey("code_verifier"));

        // Stored encrypted: the column holds neither token in clear.
        var stored = await Api.ScalarAsync<string>("SELECT credentials_data FROM cloud_accounts WHERE id = $1", id);
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain((string)granted!["access_token"]!, stored);
        Assert.DoesNotContain((string)granted["refresh_token"]!, stored);

        Assert.Contains(await client.GetAllDataAsync(), listed => (string?)listed!["id"] == id.ToString());
        var buckets = await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();
        Assert.NotEmpty(buckets["data"]!.AsArray());

        // Later the provider ends the access token: the stored refresh token renews it through the connector's own path.
        var refreshesBefore = user.RefreshGrants();
        user.ExpireAccessToken();
        await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();
        Assert.Equal(refreshesBefore + 1, user.RefreshGrants());
    }

    [Fact]
    public async Task A_user_who_refuses_access_gets_the_provider_reason_as_ACCESS_and_nothing_is_stored()
    {
        using var client = _app.CreateClientFor(Tenant.Owner);
        var url = await client.GenerateUrlAsync(Route);

        var redirect = await Authorization.DenyAsync(url);
        var response = await client.CallbackAsync(Route, null, redirect.State, redirect.RedirectUrl, redirect.Error, redirect.ErrorDescription);

        await response.ShouldBeAmoveErrorAsync("ACCESS", "The user denied access to the app.");
        Assert.Equal(0, await Api.CountCloudAccountsAsync(Tenant.AccountId));
    }

    /// <summary>One user at the provider: the token response an approval gives, and how the test sees their refreshes.</summary>
    protected sealed record ProviderUser(Func<JsonObject> Grant, Action ExpireAccessToken, Func<int> RefreshGrants);
}
