using Amove.CloudAccounts.Api.Tests.Connectors.Dropbox;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

/// <summary>
/// What the connect flow refuses, on Dropbox (the state and redirect rules are the same code for every provider): a state
/// that is forged, altered, expired, used, someone else's or another provider's; a redirect URL that is not allowed or not
/// the one the flow started with; a code the provider will not redeem; requests that are not valid. Nothing is stored.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ConnectFlowSecurityTests : IClassFixture<FakeDropboxServer>, IDisposable
{
    private const string OtherAllowedRedirectUrl = "http://127.0.0.1:53682/amove/callback";

    private readonly CloudAccountsApiFactory _api;
    private readonly FakeDropbox _dropbox;
    private readonly TestTenant _tenant = new();
    private readonly FakeTimeProvider _clock;
    private readonly WebApplicationFactory<Program> _app;
    private readonly HttpClient _client;

    public ConnectFlowSecurityTests(CloudAccountsApiFactory api, FakeDropboxServer server)
    {
        _api = api;
        _dropbox = server.Fake;

        // A start the database keeps exactly (whole microseconds), so a test can find the rows written at it.
        var now = DateTimeOffset.UtcNow;
        _clock = new FakeTimeProvider(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero).AddTicks(Random.Shared.Next(1, 1000) * 10));
        _app = api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in _dropbox.Settings)
            {
                builder.UseSetting(key, value);
            }

            // Box is configured too, so its callback gets as far as the state.
            builder.UseSetting("Connectors:Box:ClientId", "amove-box-client");
            builder.UseSetting("Connectors:Box:ClientSecret", "amove-box-secret");
            builder.UseSetting("OAuth:AllowedRedirectUrls:0", DesktopApi.RedirectUrl);
            builder.UseSetting("OAuth:AllowedRedirectUrls:1", OtherAllowedRedirectUrl);
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(_clock);
            });
        });
        _client = _app.CreateClientFor(_tenant.Owner);
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
    }

    /// <summary>A flow started by the owner and approved at Dropbox: what the browser came back with.</summary>
    private async Task<(string Code, string State)> ApprovedAsync(string redirectUrl = DesktopApi.RedirectUrl)
    {
        var user = _dropbox.CreateUser(["a.txt"]);
        var url = await (await _client.PostJsonAsync(
            DesktopApi.Generate("dropbox"), new { redirectURL = redirectUrl, cloudName = "My Dropbox", shared = false })).ShouldBeOkJsonAsync();
        var redirect = await _dropbox.Authorization.ApproveAsync(url.GetValue<string>(), () => _dropbox.Grant(user));
        return (redirect.Code!, redirect.State!);
    }

    private Task<long> StoredAccountsAsync() => _api.CountCloudAccountsAsync(_tenant.AccountId);

    [Theory]
    [InlineData("not-a-state")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_forged_state_is_SECURITY_and_the_code_is_never_exchanged(string forged)
    {
        var (code, _) = await ApprovedAsync();

        var response = await _client.CallbackAsync("dropbox", code, forged);

        await response.ShouldBeAmoveErrorAsync("SECURITY", "state");
        Assert.DoesNotContain(_dropbox.Authorization.CodeExchanges, exchange => exchange["code"] == code);
        Assert.Equal(0, await StoredAccountsAsync());
    }

    [Fact]
    public async Task A_state_with_one_character_changed_is_SECURITY()
    {
        var (code, state) = await ApprovedAsync();
        var middle = state.Length / 2;
        var tampered = state[..middle] + (state[middle] == 'A' ? 'B' : 'A') + state[(middle + 1)..];

        var response = await _client.CallbackAsync("dropbox", code, tampered);

        await response.ShouldBeAmoveErrorAsync("SECURITY");
        Assert.Equal(0, await StoredAccountsAsync());
    }

    [Fact]
    public async Task A_state_is_accepted_until_20_minutes_have_passed_and_refused_as_SECURITY_from_then_on()
    {
        var (lateCode, lateState) = await ApprovedAsync();
        var (code, state) = await ApprovedAsync();

        _clock.Advance(TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(1));
        await (await _client.CallbackAsync("dropbox", code, state)).ShouldBeOkJsonObjectAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await _client.CallbackAsync("dropbox", lateCode, lateState);

        await expired.ShouldBeAmoveErrorAsync("SECURITY", "expired");
        Assert.Equal(1, await StoredAccountsAsync());
    }

    [Fact]
    public async Task A_state_used_once_is_SECURITY_the_second_time()
    {
        var (code, state) = await ApprovedAsync();
        await (await _client.CallbackAsync("dropbox", code, state)).ShouldBeOkJsonObjectAsync();

        var replay = await _client.CallbackAsync("dropbox", code, state);

        await replay.ShouldBeAmoveErrorAsync("SECURITY", "already used");
        Assert.Equal(1, await StoredAccountsAsync());
    }

    [Fact]
    public async Task A_callback_with_a_state_that_was_used_on_another_instance_is_refused_too()
    {
        var (code, state) = await ApprovedAsync();
        using var otherInstance = _app.WithWebHostBuilder(_ => { });
        using var otherClient = otherInstance.CreateClientFor(_tenant.Owner);
        await (await otherClient.CallbackAsync("dropbox", code, state)).ShouldBeOkJsonObjectAsync();

        var replay = await _client.CallbackAsync("dropbox", code, state);

        await replay.ShouldBeAmoveErrorAsync("SECURITY", "already used");
        Assert.Equal(1, await StoredAccountsAsync());
    }

    [Theory]
    [InlineData(nameof(TestTenant.DesktopAdmin))]
    [InlineData(nameof(TestTenant.OtherAccountAdmin))]
    public async Task A_state_started_by_another_caller_is_SECURITY(string member)
    {
        var (code, state) = await ApprovedAsync();
        using var other = _app.CreateClientFor(_tenant.Pick(member));

        var response = await other.CallbackAsync("dropbox", code, state);

        await response.ShouldBeAmoveErrorAsync("SECURITY");
        Assert.Equal(0, await StoredAccountsAsync());
        Assert.Equal(0, await _api.CountCloudAccountsAsync(_tenant.OtherAccountAdmin.AccountId));
    }

    [Fact]
    public async Task A_Dropbox_state_on_the_Box_callback_is_SECURITY()
    {
        var (code, state) = await ApprovedAsync();

        var response = await _client.CallbackAsync("box", code, state);

        await response.ShouldBeAmoveErrorAsync("SECURITY");
        Assert.Equal(0, await StoredAccountsAsync());
    }

    [Theory]
    [InlineData(OtherAllowedRedirectUrl)]
    [InlineData("https://attacker.example/oauth/callback")]
    [InlineData("https://app.amove.test/oauth/callback/")]
    public async Task A_callback_naming_another_redirect_url_than_the_flow_started_with_is_SECURITY(string redirectUrl)
    {
        var (code, state) = await ApprovedAsync();

        var response = await _client.CallbackAsync("dropbox", code, state, redirectUrl);

        await response.ShouldBeAmoveErrorAsync("SECURITY", "redirectURL");
        Assert.Equal(0, await StoredAccountsAsync());
    }

    [Fact]
    public async Task A_code_the_provider_already_redeemed_is_ACCESS_with_the_provider_reason_even_with_a_fresh_state()
    {
        var (code, state) = await ApprovedAsync();
        await (await _client.CallbackAsync("dropbox", code, state)).ShouldBeOkJsonObjectAsync();
        var (_, freshState) = await ApprovedAsync();

        var response = await _client.CallbackAsync("dropbox", code, freshState);

        await response.ShouldBeAmoveErrorAsync("ACCESS", "invalid_grant: The authorization code has already been redeemed.");
        Assert.Equal(1, await StoredAccountsAsync());
    }

    [Fact]
    public async Task A_code_from_another_flow_fails_its_PKCE_check_at_the_provider_and_is_ACCESS()
    {
        var (code, _) = await ApprovedAsync();
        var (_, otherState) = await ApprovedAsync();

        var response = await _client.CallbackAsync("dropbox", code, otherState);

        await response.ShouldBeAmoveErrorAsync("ACCESS", "code_verifier");
        Assert.Equal(0, await StoredAccountsAsync());
    }

    [Fact]
    public async Task A_failing_token_endpoint_is_INTERNAL_ERROR_the_code_is_sent_once_and_nothing_is_stored()
    {
        var (code, state) = await ApprovedAsync();
        _dropbox.Authorization.ExchangeFaults.Enqueue(Results.Text("upstream connect error", statusCode: 503));

        var response = await _client.CallbackAsync("dropbox", code, state);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "Dropbox");
        Assert.Single(_dropbox.Authorization.CodeExchanges, exchange => exchange["code"] == code);
        Assert.Equal(0, await StoredAccountsAsync());
    }

    [Fact]
    public async Task Tokens_the_provider_API_then_refuses_are_ACCESS_and_nothing_is_stored()
    {
        var url = await _client.GenerateUrlAsync("dropbox");
        var redirect = await _dropbox.Authorization.ApproveAsync(url, () => new() { ["access_token"] = "sl.never-issued", ["token_type"] = "bearer" });

        var response = await _client.CallbackAsync("dropbox", redirect.Code, redirect.State);

        await response.ShouldBeAmoveErrorAsync("ACCESS");
        Assert.Equal(0, await StoredAccountsAsync());
    }

    [Theory]
    [InlineData("https://attacker.example/oauth/callback")]
    [InlineData("http://app.amove.test/oauth/callback")]
    [InlineData("https://app.amove.test:8443/oauth/callback")]
    [InlineData("https://app.amove.test/oauth/callback/other")]
    [InlineData("https://app.amove.test/OAUTH/callback")]
    [InlineData("https://app.amove.test/oauth/callback?next=https://attacker.example")]
    [InlineData("https://app.amove.test.attacker.example/oauth/callback")]
    public async Task Generating_a_url_for_a_redirect_url_that_is_not_allowed_is_SECURITY(string redirectUrl)
    {
        var response = await _client.PostJsonAsync(DesktopApi.Generate("dropbox"), new { redirectURL = redirectUrl, cloudName = "My Dropbox" });

        await response.ShouldBeAmoveErrorAsync("SECURITY", "redirectURL");
    }

    [Fact]
    public async Task An_allowed_redirect_url_written_differently_is_sent_to_the_provider_as_configured()
    {
        var response = await _client.PostJsonAsync(
            DesktopApi.Generate("dropbox"), new { redirectURL = "HTTPS://App.Amove.Test:443/oauth/callback", cloudName = "My Dropbox" });

        var url = (await response.ShouldBeOkJsonAsync()).GetValue<string>();
        Assert.Equal(DesktopApi.RedirectUrl, DesktopApi.QueryOf(url)["redirect_uri"]);
    }

    [Fact]
    public async Task A_loopback_redirect_url_that_is_allowed_completes_the_flow()
    {
        var (code, state) = await ApprovedAsync(OtherAllowedRedirectUrl);

        var response = await _client.CallbackAsync("dropbox", code, state, OtherAllowedRedirectUrl);

        await response.ShouldBeOkJsonObjectAsync();
    }

    [Fact]
    public async Task A_provider_this_server_has_no_client_for_is_DEFAULT_not_configured()
    {
        var response = await _client.PostJsonAsync(DesktopApi.Generate("frame"), new { redirectURL = DesktopApi.RedirectUrl, cloudName = "Frame" });

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "Frame.io is not configured for connecting accounts");
    }

    public static TheoryData<object, string> InvalidGenerateRequests => new()
    {
        { new { redirectURL = DesktopApi.RedirectUrl }, "'cloudName' is required." },
        { new { redirectURL = DesktopApi.RedirectUrl, cloudName = new string('n', 51) }, "'cloudName' must be at most 50 characters." },
        { new { redirectURL = DesktopApi.RedirectUrl, cloudName = "two\nlines" }, "'cloudName' must not contain control characters" },
        { new { cloudName = "My Dropbox" }, "'redirectURL' is required." },
        { new { redirectURL = "not a url", cloudName = "My Dropbox" }, "'redirectURL' must be an absolute http or https URL" },
        { new { redirectURL = "ftp://app.amove.test/oauth/callback", cloudName = "My Dropbox" }, "'redirectURL' must be an absolute http or https URL" },
        { new { redirectURL = DesktopApi.RedirectUrl + "#fragment", cloudName = "My Dropbox" }, "without user information or fragment" },
        { new { redirectURL = "https://user:pass@app.amove.test/oauth/callback", cloudName = "My Dropbox" }, "without user information or fragment" },
    };

    [Theory]
    [MemberData(nameof(InvalidGenerateRequests))]
    public async Task An_invalid_generate_request_is_DEFAULT_naming_the_field(object request, string message)
    {
        var response = await _client.PostJsonAsync(DesktopApi.Generate("dropbox"), request);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", message);
    }

    [Fact]
    public async Task A_callback_without_state_or_without_code_and_error_is_DEFAULT()
    {
        var (code, state) = await ApprovedAsync();

        await (await _client.CallbackAsync("dropbox", code, null)).ShouldBeAmoveErrorAsync("DEFAULT", "'state' is required.");
        await (await _client.CallbackAsync("dropbox", null, state)).ShouldBeAmoveErrorAsync("DEFAULT", "'code' is required");
        await (await _client.CallbackAsync("dropbox", code, state, redirectUrl: null)).ShouldBeAmoveErrorAsync("DEFAULT", "'redirectURL' is required.");

        // None of these used the state up.
        await (await _client.CallbackAsync("dropbox", code, state)).ShouldBeOkJsonObjectAsync();
    }

    [Fact]
    public async Task The_connect_endpoints_need_a_signed_in_caller()
    {
        using var anonymous = _app.CreateClientWithToken(null);

        await (await anonymous.PostJsonAsync(DesktopApi.Generate("dropbox"), new { redirectURL = DesktopApi.RedirectUrl, cloudName = "x" }))
            .ShouldBeUnauthorizedWithoutBodyAsync();
        await (await anonymous.CallbackAsync("dropbox", "code", "state")).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task Used_states_are_forgotten_once_they_could_have_expired_anyway()
    {
        var (code, state) = await ApprovedAsync();
        await (await _client.CallbackAsync("dropbox", code, state)).ShouldBeOkJsonObjectAsync();
        var consumedAt = _clock.GetUtcNow().UtcDateTime;
        Assert.Equal(1, await _api.ScalarAsync<long>("SELECT count(*) FROM consumed_oauth_states WHERE consumed_at = $1", consumedAt));

        _clock.Advance(TimeSpan.FromMinutes(21));
        var (laterCode, laterState) = await ApprovedAsync();
        await (await _client.CallbackAsync("dropbox", laterCode, laterState)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(0, await _api.ScalarAsync<long>("SELECT count(*) FROM consumed_oauth_states WHERE consumed_at = $1", consumedAt));
    }
}
