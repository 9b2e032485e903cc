using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Controllers.CloudAccount;

[Collection(ApiCollection.Name)]
public sealed class InsertTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    private static string S3Url => TestEnvironment.S3Url.ToString().TrimEnd('/');

    [Fact]
    public async Task Connects_an_S3_generic_account_after_checking_its_credentials_and_answers_it_masked()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount("Studio S3"));

        var created = await response.ShouldBeOkJsonObjectAsync();
        Assert.Equal(
            ["id", "accountId", "userId", "cloudType", "name", "accessKey", "secretKey", "credentialsData",
             "serviceUrl", "active", "shared", "internalStorage", "storageTier"],
            created.PropertyNames());
        Assert.Equal("Studio S3", (string?)created["name"]);
        Assert.Equal("S3R*****", (string?)created["accessKey"]);
        Assert.Equal("**********", (string?)created["secretKey"]);
        Assert.Null(created["credentialsData"]);
        Assert.Equal(S3Url, (string?)created["serviceUrl"]);
        Assert.Equal(1L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    public static TheoryData<int, string?> S3FamilyProviders => new()
    {
        // AWS, Wasabi and Google use their configured default endpoint (the local server in tests).
        { 1, null },
        { 2, null },
        { 16, null },
        { 8, "explicit" },
        { 64, "explicit" },
    };

    [Theory]
    [MemberData(nameof(S3FamilyProviders))]
    public async Task Every_S3_family_provider_connects(int cloudType, string? serviceUrl)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType,
            name = $"Provider {cloudType}",
            accessKey = TestEnvironment.S3AccessKey,
            secretKey = TestEnvironment.S3SecretKey,
            serviceUrl = serviceUrl is null ? null : S3Url,
        });

        var created = await response.ShouldBeOkJsonObjectAsync();
        Assert.Equal(cloudType, (int)created["cloudType"]!);
    }

    [Fact]
    public async Task Server_owned_fields_in_the_payload_are_ignored()
    {
        var foreignAccount = Guid.NewGuid();
        var foreignUser = Guid.NewGuid();
        var chosenId = Guid.NewGuid();
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            id = chosenId,
            accountId = foreignAccount,
            userId = foreignUser,
            internalStorage = true,
            active = false,
            storageTier = 4,
            cloudType = 8,
            name = "Mass assignment",
            accessKey = TestEnvironment.S3AccessKey,
            secretKey = TestEnvironment.S3SecretKey,
            serviceUrl = S3Url,
        });

        var created = await response.ShouldBeOkJsonObjectAsync();
        Assert.NotEqual(chosenId.ToString(), (string?)created["id"]);
        Assert.Equal(_tenant.AccountId.ToString(), (string?)created["accountId"]);
        Assert.Equal(_tenant.Owner.Id.ToString(), (string?)created["userId"]);
        Assert.False((bool)created["internalStorage"]!);
        Assert.True((bool)created["active"]!);
        Assert.Equal(0, (int)created["storageTier"]!);
        var id = Guid.Parse((string)created["id"]!);
        Assert.Equal(_tenant.AccountId, await api.ScalarAsync<Guid>("SELECT account_id FROM cloud_accounts WHERE id = $1", id));
        Assert.False(await api.ScalarAsync<bool>("SELECT internal_storage FROM cloud_accounts WHERE id = $1", id));
        Assert.Equal(0L, await api.CountCloudAccountsAsync(foreignAccount));
    }

    [Fact]
    public async Task Credentials_the_provider_rejects_are_a_499_ACCESS_naming_the_providers_reason_and_nothing_is_saved()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Wrong key",
            accessKey = "NOT-A-KNOWN-KEY",
            secretKey = "whatever",
            serviceUrl = S3Url,
        });

        await response.ShouldBeAmoveErrorAsync("ACCESS", "InvalidAccessKeyId");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_499_INTERNAL_ERROR_and_nothing_is_saved()
    {
        // Allow-listed, so the guard lets it through, but nothing listens there.
        var unreachable = new Uri($"http://127.0.0.1:{LoopbackHttpServer.UnusedPort()}");
        using var allowing = api.WithAllowedHost(unreachable.Authority);
        using var client = allowing.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Nobody home",
            accessKey = TestEnvironment.S3AccessKey,
            secretKey = TestEnvironment.S3SecretKey,
            serviceUrl = unreachable.ToString(),
        });

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"cloudType":2048,"name":"x","accessKey":"a","secretKey":"s"}""", "'cloudType'" },
        { """{"cloudType":8192,"name":"x","accessKey":"a","secretKey":"s"}""", "'cloudType'" },
        { """{"cloudType":0,"name":"x","accessKey":"a","secretKey":"s"}""", "'cloudType'" },
        { """{"cloudType":3,"name":"x","accessKey":"a","secretKey":"s"}""", "'cloudType'" },
        { """{"cloudType":"eight","name":"x"}""", "'cloudType'" },
        { """{"cloudType":1,"accessKey":"a","secretKey":"s"}""", "'name' is required" },
        { """{"cloudType":1,"name":"","accessKey":"a","secretKey":"s"}""", "'name' is required" },
        { $$"""{"cloudType":1,"name":"{{new string('n', 51)}}","accessKey":"a","secretKey":"s"}""", "'name' must be at most 50" },
        { """{"cloudType":1,"name":5,"accessKey":"a","secretKey":"s"}""", "'name'" },
        { """{"cloudType":1,"name":"x","secretKey":"s"}""", "'accessKey' is required" },
        { """{"cloudType":2,"name":"x","accessKey":"a"}""", "'secretKey' is required" },
        { $$"""{"cloudType":1,"name":"x","accessKey":"{{new string('k', 1025)}}","secretKey":"s"}""", "'accessKey' must be at most" },
        { """{"cloudType":8,"name":"x","accessKey":"a","secretKey":"s"}""", "'serviceUrl' is required" },
        { """{"cloudType":64,"name":"x","accessKey":"a","secretKey":"s"}""", "'serviceUrl' is required" },
        { """{"cloudType":8,"name":"x","accessKey":"a","secretKey":"s","serviceUrl":"not a url"}""", "'serviceUrl' must be an absolute" },
        { """{"cloudType":8,"name":"x","accessKey":"a","secretKey":"s","serviceUrl":"ftp://files.example.com"}""", "'serviceUrl' must be an absolute" },
        { """{"cloudType":8,"name":"x","accessKey":"a","secretKey":"s","serviceUrl":"/relative"}""", "'serviceUrl' must be an absolute" },
        { """{"cloudType":1,"name":"x","accessKey":"a","secretKey":"s","shared":"yes"}""", "'shared'" },
        { """{"cloudType":1,"name":"x",""", "not valid JSON" },
        { """[1,2,3]""", "not valid JSON" },
        { "", "body is required" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_input_is_a_499_DEFAULT_naming_the_field_and_nothing_is_saved(string body, string fragment)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostRawAsync(CloudAccountApi.Insert, body);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", fragment);
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_body_that_is_not_sent_as_JSON_is_a_499_DEFAULT_not_a_415()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostRawAsync(CloudAccountApi.Insert, "cloudType=8&name=x", "application/x-www-form-urlencoded");

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "must be JSON");
    }

    [Fact]
    public async Task A_name_of_exactly_50_characters_is_accepted()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount(new string('n', 50)));

        await response.ShouldBeOkJsonObjectAsync();
    }

    public static TheoryData<string, string> DisguisingNames => new()
    {
        { "right-to-left override", "invoice\u202Efdp.exe" },
        { "left-to-right embedding", "\u202Aname" },
        { "pop directional formatting", "name\u202C" },
        { "first strong isolate", "\u2068name\u2069" },
        { "left-to-right isolate", "\u2066name" },
        { "NUL", "a\u0000b" },
        { "escape", "a\u001B[31mred" },
        { "line feed", "first\nsecond" },
        { "C1 next line", "a\u0085b" },
        { "delete", "a\u007Fb" },
        { "line separator", "a\u2028b" },
    };

    [Theory]
    [MemberData(nameof(DisguisingNames))]
    public async Task A_name_with_control_or_bidi_override_characters_is_a_499_DEFAULT_naming_the_field(string because, string name)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount(name));

        Assert.True((int)response.StatusCode == 499, because);
        await response.ShouldBeAmoveErrorAsync("DEFAULT", "'name' must not contain");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    public static TheoryData<string> NamesWithJoinersAndMarks => new()
    {
        // "I want" in Persian: the zero-width non-joiner (U+200C) is part of correct spelling.
        "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
        // Woman technologist: woman, zero-width joiner (U+200D), laptop.
        "\U0001F469\u200D\U0001F4BB Studio",
        // A right-to-left mark keeps the parenthesis beside the Hebrew word it belongs to.
        "\u05D2\u05D9\u05D1\u05D5\u05D9 (2)\u200F",
    };

    [Theory]
    [MemberData(nameof(NamesWithJoinersAndMarks))]
    public async Task A_name_with_joiners_or_bidi_marks_is_accepted_and_kept_exactly(string name)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount(name)))
            .ShouldBeOkJsonObjectAsync();

        Assert.Equal(name, (string?)created["name"]);
        Assert.Equal(name, (string?)(await client.GetAllDataAsync()).Single()!["name"]);
    }

    [Theory]
    [InlineData("accessKey")]
    [InlineData("secretKey")]
    public async Task A_key_with_control_characters_is_a_499_DEFAULT_naming_the_field(string field)
    {
        using var client = api.CreateClientFor(_tenant.Owner);
        var body = new Dictionary<string, object>
        {
            ["cloudType"] = 8,
            ["name"] = "Keys",
            ["accessKey"] = "AKIA",
            ["secretKey"] = "secret",
            ["serviceUrl"] = S3Url,
        };
        body[field] = "\u0000AK";

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, body);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", $"'{field}' must not contain control characters");
    }
}
