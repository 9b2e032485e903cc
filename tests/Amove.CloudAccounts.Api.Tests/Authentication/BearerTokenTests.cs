using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Entities;
using Microsoft.IdentityModel.Tokens;

namespace Amove.CloudAccounts.Api.Tests.Authentication;

[Collection(ApiCollection.Name)]
public sealed class BearerTokenTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    public static TheoryData<string> Endpoints => new()
    {
        "GET " + CloudAccountApi.GetAll,
        "POST " + CloudAccountApi.Insert,
        "PUT " + CloudAccountApi.ManageShare,
        "DELETE " + CloudAccountApi.Delete(Guid.NewGuid()),
        "POST " + CloudAccountApi.ListBuckets,
        "POST " + CloudAccountApi.ListObjects,
        "GET /api/cloudaccount/get_all",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_401_without_a_body_when_no_token_is_sent(string endpoint)
    {
        using var client = api.CreateClientWithToken(null);
        var (method, url) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method is "POST" or "PUT" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
        });

        await response.ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task A_valid_token_is_accepted()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.GetAsync(CloudAccountApi.GetAll);

        await response.ShouldBeOkJsonObjectAsync();
    }

    [Fact]
    public async Task The_deprecated_unversioned_route_serves_the_same_api()
    {
        await api.ConnectS3GenericAsync(_tenant.Owner, "Legacy route");
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.GetAsync("/api/cloudaccount/get_all")).ShouldBeOkJsonObjectAsync();

        Assert.Equal("Legacy route", (string?)body["data"]![0]!["name"]);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        using var client = api.CreateClientWithToken(TestTokens.For(_tenant.Owner, expires: DateTime.UtcNow.AddMinutes(-10)));

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var forged = TestTokens.For(_tenant.Owner, signingKey: "a-completely-different-signing-key-of-32-bytes!"u8.ToArray());
        using var client = api.CreateClientWithToken(forged);

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        using var client = api.CreateClientWithToken(TestTokens.Unsigned(_tenant.Owner));

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task A_malformed_token_is_refused()
    {
        using var client = api.CreateClientWithToken("not-a-jwt");

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    public static TheoryData<string, string?, string?, string?> BrokenClaims => new()
    {
        { "sub is not a uuid", "alice", Guid.NewGuid().ToString(), "16" },
        { "sub is missing", null, Guid.NewGuid().ToString(), "16" },
        { "account_id is missing", Guid.NewGuid().ToString(), null, "16" },
        { "account_id is not a uuid", Guid.NewGuid().ToString(), "acme", "16" },
        { "user_type is missing", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), null },
        { "user_type is not a number", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "admin" },
        { "user_type is zero", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "0" },
        { "user_type has unknown bits", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "128" },
    };

    [Theory]
    [MemberData(nameof(BrokenClaims))]
    public async Task A_token_without_valid_identity_claims_is_refused(string because, string? sub, string? accountId, string? userType)
    {
        var claims = new List<Claim>();
        if (sub is not null) claims.Add(new Claim("sub", sub));
        if (accountId is not null) claims.Add(new Claim("account_id", accountId));
        if (userType is not null) claims.Add(new Claim("user_type", userType));
        using var client = api.CreateClientWithToken(TestTokens.Create(claims));

        var response = await client.GetAsync(CloudAccountApi.GetAll);

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Unauthorized, because);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    public static TheoryData<string, string> UnstorableEmails => new()
    {
        { "longer than 320 characters", new string('a', 400) + "@amove.test" },
        { "one character over the limit", new string('a', 310) + "@amove.test" },
        { "a NUL", "alice\u0000@amove.test" },
        { "a line break that would inject a mail header", "alice@amove.test\r\nBcc: mallory@evil.test" },
    };

    [Theory]
    [MemberData(nameof(UnstorableEmails))]
    public async Task A_token_whose_email_cannot_be_stored_is_refused_on_every_request(string because, string email)
    {
        var user = TestUser.In(Guid.NewGuid(), UserType.DesktopAdmin) with { Email = email };
        using var client = api.CreateClientFor(user);

        var first = await client.GetAsync(CloudAccountApi.GetAll);
        var second = await client.PostRawAsync(CloudAccountApi.ListBuckets, "{}");

        Assert.True(first.StatusCode == System.Net.HttpStatusCode.Unauthorized, because);
        await first.ShouldBeUnauthorizedWithoutBodyAsync();
        await second.ShouldBeUnauthorizedWithoutBodyAsync();
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = $1", user.Id));
    }

    [Fact]
    public async Task A_token_whose_email_is_a_lone_surrogate_is_refused()
    {
        var user = TestUser.In(Guid.NewGuid(), UserType.DesktopAdmin);
        var payload = $$"""{"sub":"{{user.Id}}","account_id":"{{user.AccountId}}","user_type":16,"email":"\ud800@amove.test","iss":"{{TestTokens.Issuer}}","aud":"{{TestTokens.Audience}}","exp":{{DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds()}}}""";
        using var client = api.CreateClientWithToken(SignRaw(payload));

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = $1", user.Id));
    }

    [Fact]
    public async Task An_email_of_exactly_320_characters_is_accepted_and_recorded()
    {
        var email = new string('a', 309) + "@amove.test";
        var user = TestUser.In(Guid.NewGuid(), UserType.DesktopAdmin) with { Email = email };
        using var client = api.CreateClientFor(user);

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(320, email.Length);
        Assert.Equal(email, await api.ScalarAsync<string>("SELECT email FROM users WHERE id = $1", user.Id));
    }

    // A JWT whose payload is exactly this JSON text, which token libraries refuse to write when it is not valid UTF-16.
    private static string SignRaw(string payloadJson)
    {
        var unsigned = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT"}""") + "." + Base64UrlEncoder.Encode(payloadJson);
        var signature = HMACSHA256.HashData(Convert.FromBase64String(TestTokens.SigningKeyBase64), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64UrlEncoder.Encode(signature);
    }

    [Fact]
    public async Task User_type_given_as_a_string_claim_is_accepted_as_dotnet_user_jwts_writes_it()
    {
        var user = TestUser.In(Guid.NewGuid(), UserType.DesktopAdmin);
        using var client = api.CreateClientWithToken(TestTokens.Create(
        [
            new Claim("sub", user.Id.ToString()),
            new Claim("account_id", user.AccountId.ToString()),
            new Claim("user_type", "16", ClaimValueTypes.String),
        ]));

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();
    }

    [Fact]
    public async Task A_first_time_user_and_account_are_recorded()
    {
        using var client = api.CreateClientFor(_tenant.DesktopCreativeUser);

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM accounts WHERE id = $1", _tenant.AccountId));
        Assert.Equal((int)UserType.DesktopCreativeUser, await api.ScalarAsync<int>("SELECT user_type FROM users WHERE id = $1", _tenant.DesktopCreativeUser.Id));
    }

    [Fact]
    public async Task Simultaneous_first_requests_of_a_new_account_record_each_user_and_the_account_once()
    {
        var users = new[] { _tenant.Owner, _tenant.DesktopAdmin, _tenant.DesktopCreativeUser, _tenant.DesktopStandardUser };
        var clients = users.SelectMany(user => Enumerable.Range(0, 4).Select(_ => api.CreateClientFor(user))).ToList();

        var responses = await Task.WhenAll(clients.Select(client => client.GetAsync(CloudAccountApi.GetAll)));

        Assert.All(responses, response => Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM accounts WHERE id = $1", _tenant.AccountId));
        Assert.Equal(4L, await api.ScalarAsync<long>("SELECT count(*) FROM users WHERE account_id = $1", _tenant.AccountId));
        clients.ForEach(client => client.Dispose());
    }

    [Fact]
    public async Task An_inactive_user_gets_INACTIVE_USER()
    {
        using var client = api.CreateClientFor(_tenant.Owner);
        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();
        await api.ScalarAsync<int>("UPDATE users SET active = false WHERE id = $1", _tenant.Owner.Id);

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeAmoveErrorAsync("INACTIVE_USER");
    }
}
