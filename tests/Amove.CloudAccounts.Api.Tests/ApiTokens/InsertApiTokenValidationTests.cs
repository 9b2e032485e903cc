using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.ApiTokens;

[Collection(ApiCollection.Name)]
public sealed class InsertApiTokenValidationTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"isEncrypted":false,"expirationDate":"2099-01-01T00:00:00Z"}""", "'title' is required" },
        { """{"title":"   ","expirationDate":"2099-01-01T00:00:00Z"}""", "'title' is required" },
        { $$"""{"title":"{{new string('t', 101)}}"}""", "at most 100 characters" },
        { """{"title":"invoice\u202Efdp.exe"}""", "bidirectional" },
        { """{"title":"two\nlines"}""", "control characters" },
        { """{"title":"Encrypted","isEncrypted":true}""", "'encryptionKey' is required" },
        { """{"title":"Encrypted","isEncrypted":true,"encryptionKey":"fifteen chars!!"}""", "at least 16 characters" },
        { """{"title":"Plain","isEncrypted":false,"encryptionKey":"a key that would be ignored"}""", "only used when 'isEncrypted' is true" },
        { """{"title":"No date"}""", "'expirationDate' is required" },
        { """{"title":"Past","expirationDate":"2020-01-01T00:00:00Z"}""", "must be in the future" },
        { """{"title":"Too far","expirationDate":"2099-01-01T00:00:00Z"}""", "at most 365 days ahead" },
        { """{"title":"Wrong type","expirationDate":12}""", "expirationDate" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_refused_with_a_clear_reason_and_creates_nothing(string body, string reason)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        await (await client.PostRawAsync(ApiTokenApi.Insert, body)).ShouldBeAmoveErrorAsync("DEFAULT", reason);

        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM api_tokens WHERE user_id = $1", _tenant.Owner.Id));
    }

    [Fact]
    public async Task An_expiration_date_with_an_offset_is_converted_to_utc()
    {
        var local = DateTime.UtcNow.AddDays(10).Date.AddHours(12);
        var body = $$"""{"title":"Offset","expirationDate":"{{local:yyyy-MM-dd}}T14:00:00+02:00"}""";
        using var client = api.CreateClientFor(_tenant.Owner);

        var created = await (await client.PostRawAsync(ApiTokenApi.Insert, body)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(local, ((DateTime)created["expirationDate"]!).ToUniversalTime());
    }

    [Fact]
    public async Task A_user_cannot_hold_more_unexpired_tokens_than_the_limit()
    {
        using var limited = api.WithWebHostBuilder(builder => builder.UseSetting("ApiTokens:MaxTokensPerUser", "2"));
        await limited.CreateApiTokenAsync(_tenant.Owner, "One");
        await limited.CreateApiTokenAsync(_tenant.Owner, "Two");
        using var client = limited.CreateClientFor(_tenant.Owner);

        await (await client.PostJsonAsync(ApiTokenApi.Insert, ApiTokenApi.Token("Three"))).ShouldBeAmoveErrorAsync("DEFAULT", "already have 2 API tokens");

        Assert.Equal(2L, await api.ScalarAsync<long>("SELECT count(*) FROM api_tokens WHERE user_id = $1", _tenant.Owner.Id));
    }

    [Theory]
    [InlineData("page=-1", "'page'")]
    [InlineData("pageSize=1001", "'pageSize'")]
    [InlineData("sortField=Secret", "'sortField' must be one of: CreateDate, Title")]
    public async Task A_bad_listing_query_is_refused(string query, string reason)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        await (await client.GetAsync($"{ApiTokenApi.GetAll}?{query}")).ShouldBeAmoveErrorAsync("DEFAULT", reason);
    }

    [Fact]
    public async Task Deleting_without_an_id_or_with_a_malformed_one_is_refused()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        await (await client.DeleteAsync(ApiTokenApi.Prefix + "/delete")).ShouldBeAmoveErrorAsync("DEFAULT");
        await (await client.DeleteAsync(ApiTokenApi.Prefix + "/delete?id=not-a-guid")).ShouldBeAmoveErrorAsync("DEFAULT");
    }
}
