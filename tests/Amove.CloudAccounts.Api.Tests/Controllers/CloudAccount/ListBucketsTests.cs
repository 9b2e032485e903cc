using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Controllers.CloudAccount;

[Collection(ApiCollection.Name)]
public sealed class ListBucketsTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task Lists_the_providers_buckets_in_the_documented_shape()
    {
        var createdAfter = DateTimeOffset.UtcNow.AddMinutes(-5);
        var bucket = await api.S3.CreateBucketAsync("lb-shape");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListBucketsAsync(id, includeRegion: true)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["data", "continuationToken"], body.PropertyNames());
        Assert.True(body.ContainsKey("continuationToken"));
        Assert.Null(body["continuationToken"]);
        var entry = body.Bucket(bucket);
        Assert.Equal(["id", "name", "region", "creationDate"], entry.PropertyNames());
        Assert.Equal("", (string?)entry["id"]);
        Assert.Equal(bucket, (string?)entry["name"]);
        Assert.Equal("us-east-1", (string?)entry["region"]);
        var creationDate = DateTimeOffset.Parse((string)entry["creationDate"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.EndsWith("Z", (string)entry["creationDate"]!);
        Assert.InRange(creationDate, createdAfter, DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Every_bucket_the_credentials_reach_is_listed_once()
    {
        var buckets = new[] { await api.S3.CreateBucketAsync("lb-a"), await api.S3.CreateBucketAsync("lb-b"), await api.S3.CreateBucketAsync("lb-c") };
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var names = (await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync()).BucketNames();

        foreach (var bucket in buckets)
        {
            Assert.Single(names, n => n == bucket);
        }

        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public async Task Regions_are_included_when_includeRegion_is_omitted()
    {
        var bucket = await api.S3.CreateBucketAsync("lb-default");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListBucketsAsync(id, includeRegion: null)).ShouldBeOkJsonObjectAsync();

        Assert.Equal("us-east-1", (string?)body.Bucket(bucket)["region"]);
    }

    [Fact]
    public async Task With_includeRegion_false_every_region_is_null_but_still_present()
    {
        var bucket = await api.S3.CreateBucketAsync("lb-noregion");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListBucketsAsync(id, includeRegion: false)).ShouldBeOkJsonObjectAsync();

        var entries = body["data"]!.AsArray().Select(b => b!.AsObject()).ToList();
        Assert.Contains(entries, b => (string?)b["name"] == bucket);
        Assert.All(entries, b =>
        {
            Assert.Equal(["id", "name", "region", "creationDate"], b.PropertyNames());
            Assert.Null(b["region"]);
            Assert.NotNull(b["creationDate"]);
        });
    }

    [Theory]
    [MemberData(nameof(TestTenantRoles.BrowseVisibility), MemberType = typeof(TestTenantRoles))]
    public async Task Only_callers_who_can_see_the_account_may_list_its_buckets(string caller, bool shared, bool visible)
    {
        var bucket = await api.S3.CreateBucketAsync("lb-vis");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: shared);
        using var client = api.CreateClientFor(_tenant.Pick(caller));

        var response = await client.ListBucketsAsync(id);

        if (visible)
        {
            Assert.Contains(bucket, (await response.ShouldBeOkJsonObjectAsync()).BucketNames());
        }
        else
        {
            Assert.Equal(["Object not found."], await response.ShouldBeAmoveErrorAsync("Global"));
        }
    }

    [Fact]
    public async Task Unsharing_an_account_takes_it_away_from_the_desktop_admin_again()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: true);
        using var admin = api.CreateClientFor(_tenant.DesktopAdmin);
        await (await admin.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();

        using var owner = api.CreateClientFor(_tenant.Owner);
        var unshare = await owner.PutJsonAsync(CloudAccountApi.ManageShare, new { id, shared = false });
        Assert.Equal(System.Net.HttpStatusCode.OK, unshare.StatusCode);

        Assert.Equal(["Object not found."], await (await admin.ListBucketsAsync(id)).ShouldBeAmoveErrorAsync("Global"));
    }

    [Fact]
    public async Task A_deleted_account_is_not_found()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);
        await (await client.DeleteAsync(CloudAccountApi.Delete(id))).ShouldBeOkJsonAsync();

        Assert.Equal(["Object not found."], await (await client.ListBucketsAsync(id)).ShouldBeAmoveErrorAsync("Global"));
    }

    [Fact]
    public async Task An_id_that_does_not_exist_is_not_found()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        Assert.Equal(["Object not found."], await (await client.ListBucketsAsync(Guid.NewGuid())).ShouldBeAmoveErrorAsync("Global"));
    }

    [Fact]
    public async Task A_missing_cloudAccountId_is_a_DEFAULT_error_naming_the_field()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.ListBuckets, new { includeRegion = true });

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "cloudAccountId");
    }

    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        { "not JSON at all", "{\"cloudAccountId\":", "JSON" },
        { "an array instead of an object", "[]", "" },
        { "cloudAccountId is not a uuid", """{"cloudAccountId":"not-a-uuid"}""", "cloudAccountId" },
        { "cloudAccountId is a number", """{"cloudAccountId":42}""", "cloudAccountId" },
        { "includeRegion is a string", """{"cloudAccountId":"{id}","includeRegion":"yes"}""", "includeRegion" },
        { "includeRegion is a number", """{"cloudAccountId":"{id}","includeRegion":1}""", "includeRegion" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_is_a_DEFAULT_error_and_never_a_500(string because, string body, string fragment)
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostRawAsync(CloudAccountApi.ListBuckets, body.Replace("{id}", id.ToString()));

        Assert.True((int)response.StatusCode == 499, because);
        await response.ShouldBeAmoveErrorAsync("DEFAULT", fragment);
    }
}
