using System.Globalization;
using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Controllers.CloudAccount;

[Collection(ApiCollection.Name)]
public sealed class ListObjectsTests(CloudAccountsApiFactory api)
{
    private const int ManyObjects = 2600;

    // Seeding 2,600 objects takes a while: one bucket serves every test that needs more than a page.
    private static readonly SemaphoreSlim ManySeeding = new(1, 1);
    private static string? _manyObjectsBucket;

    private readonly TestTenant _tenant = new();

    private static IEnumerable<string> ManyKeys => Enumerable.Range(0, ManyObjects).Select(i => $"obj-{i:D5}.bin");

    [Fact]
    public async Task Lists_the_root_in_the_documented_shape_with_directories_before_files()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        var bucket = await api.S3.CreateBucketAsync("lo-shape");
        // In S3's own order the folder sits between the two files.
        await api.S3.PutAsync(bucket, "a-first.txt", "hello");
        await api.S3.PutAsync(bucket, "b-folder/inside.txt", "ignored");
        await api.S3.PutAsync(bucket, "c-last.txt", "0123456789");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListObjectsAsync(id, bucket, "/")).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["data", "continuationToken", "bucketName", "path"], body.PropertyNames());
        Assert.Null(body["continuationToken"]);
        Assert.Equal(bucket, (string?)body["bucketName"]);
        Assert.Equal("/", (string?)body["path"]);

        var data = body["data"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.Equal(["b-folder/", "a-first.txt", "c-last.txt"], data.Select(o => (string)o["path"]!));
        Assert.All(data, o => Assert.Equal(["id", "name", "path", "size", "lastModifiedUtc", "type"], o.PropertyNames()));

        var folder = data[0];
        Assert.Equal("", (string?)folder["id"]);
        Assert.Equal("b-folder", (string?)folder["name"]);
        Assert.Equal(0L, (long)folder["size"]!);
        Assert.Null(folder["lastModifiedUtc"]);
        Assert.Equal(2, (int)folder["type"]!);

        var file = data[2];
        Assert.Equal("", (string?)file["id"]);
        Assert.Equal("c-last.txt", (string?)file["name"]);
        Assert.Equal(10L, (long)file["size"]!);
        Assert.Equal(1, (int)file["type"]!);
        Assert.Equal(5L, (long)data[1]["size"]!);
        var modified = DateTimeOffset.Parse((string)file["lastModifiedUtc"]!, CultureInfo.InvariantCulture);
        Assert.EndsWith("Z", (string)file["lastModifiedUtc"]!);
        Assert.InRange(modified, before, DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Every_directory_comes_before_every_file_on_a_page()
    {
        var bucket = await api.S3.CreateBucketAsync("lo-order");
        await api.S3.PutManyAsync(bucket, ["a.txt", "b/1.txt", "c.txt", "d/1.txt", "d/2.txt", "e.txt", "f/h.txt", "z.txt"]);
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListObjectsAsync(id, bucket, "/")).ShouldBeOkJsonObjectAsync();

        var data = body["data"]!.AsArray().Select(o => (Path: (string)o!["path"]!, Type: (int)o["type"]!)).ToList();
        Assert.Equal(
            [("b/", 2), ("d/", 2), ("f/", 2), ("a.txt", 1), ("c.txt", 1), ("e.txt", 1), ("z.txt", 1)],
            data);
    }

    [Fact]
    public async Task A_folder_path_lists_only_that_folders_children_with_their_full_paths()
    {
        var bucket = await api.S3.CreateBucketAsync("lo-prefix");
        await api.S3.PutManyAsync(bucket, ["photos/a.jpg", "photos/b.jpg", "photos/2024/x.jpg", "photos-old/c.jpg", "photosynthesis.txt", "docs/d.txt", "top.txt"]);
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListObjectsAsync(id, bucket, "photos/")).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["photos/2024/", "photos/a.jpg", "photos/b.jpg"], body.Paths());
        Assert.Equal(["2024", "a.jpg", "b.jpg"], body["data"]!.AsArray().Select(o => (string)o!["name"]!));
        Assert.Equal("photos/", (string?)body["path"]);
        Assert.Null(body["continuationToken"]);
    }

    [Fact]
    public async Task A_nested_folder_path_lists_that_level()
    {
        var bucket = await api.S3.CreateBucketAsync("lo-nested");
        await api.S3.PutManyAsync(bucket, ["photos/2024/x.jpg", "photos/2024/summer/y.jpg", "photos/a.jpg"]);
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListObjectsAsync(id, bucket, "photos/2024/")).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["photos/2024/summer/", "photos/2024/x.jpg"], body.Paths());
    }

    [Fact]
    public async Task A_leading_slash_in_the_path_is_ignored_and_the_path_is_echoed_as_sent()
    {
        var bucket = await api.S3.CreateBucketAsync("lo-slash");
        await api.S3.PutManyAsync(bucket, ["photos/a.jpg", "photos/sub/b.jpg", "other.txt"]);
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var withSlash = await (await client.ListObjectsAsync(id, bucket, "/photos/")).ShouldBeOkJsonObjectAsync();
        var withoutSlash = await (await client.ListObjectsAsync(id, bucket, "photos/")).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["photos/sub/", "photos/a.jpg"], withSlash.Paths());
        Assert.Equal(withoutSlash.Paths(), withSlash.Paths());
        Assert.Equal("/photos/", (string?)withSlash["path"]);
    }

    public static TheoryData<string?, string> RootPaths => new()
    {
        { "/", "/" },
        { "", "/" },
        { null, "/" },
    };

    [Theory]
    [MemberData(nameof(RootPaths))]
    public async Task Slash_empty_or_omitted_path_lists_the_root(string? path, string echoed)
    {
        var bucket = await api.S3.CreateBucketAsync("lo-root");
        await api.S3.PutManyAsync(bucket, ["dir/x.txt", "y.txt"]);
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListObjectsAsync(id, bucket, path)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["dir/", "y.txt"], body.Paths());
        Assert.Equal(echoed, (string?)body["path"]);
    }

    [Fact]
    public async Task A_folders_own_marker_object_is_not_listed_as_a_file_inside_it()
    {
        var bucket = await api.S3.CreateBucketAsync("lo-marker");
        await api.S3.PutAsync(bucket, "photos/", "");
        await api.S3.PutAsync(bucket, "photos/a.jpg");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var inside = await (await client.ListObjectsAsync(id, bucket, "photos/")).ShouldBeOkJsonObjectAsync();
        var root = await (await client.ListObjectsAsync(id, bucket, "/")).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["photos/a.jpg"], inside.Paths());
        Assert.Equal(["photos/"], root.Paths());
    }

    [Fact]
    public async Task An_empty_bucket_lists_no_objects_and_no_token()
    {
        var bucket = await api.S3.CreateBucketAsync("lo-empty");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListObjectsAsync(id, bucket)).ShouldBeOkJsonObjectAsync();

        Assert.Empty(body["data"]!.AsArray());
        Assert.True(body.ContainsKey("continuationToken"));
        Assert.Null(body["continuationToken"]);
    }

    [Fact]
    public async Task Paging_through_2600_objects_with_count_1000_returns_each_exactly_once()
    {
        var bucket = await ManyObjectsBucketAsync();
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? token = null;
        do
        {
            var page = await (await client.ListObjectsAsync(id, bucket, "/", token, count: 1000)).ShouldBeOkJsonObjectAsync();
            var paths = page.Paths();
            pageSizes.Add(paths.Length);
            seen.AddRange(paths);
            token = (string?)page["continuationToken"];
            Assert.True(token is null || token.Length > 0, "A next page is announced with a non-empty token or none at all.");
            Assert.True(pageSizes.Count <= 10, "The listing never ends.");
        }
        while (token is not null);

        Assert.Equal([1000, 1000, 600], pageSizes);
        Assert.Equal(ManyObjects, seen.Distinct().Count());
        Assert.Equal(ManyKeys.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_page_has_exactly_count_entries_until_the_last()
    {
        var bucket = await api.S3.CreateBucketAsync("lo-pages");
        var keys = Enumerable.Range(0, 7).Select(i => $"f{i}.txt").ToArray();
        await api.S3.PutManyAsync(bucket, keys);
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var first = await (await client.ListObjectsAsync(id, bucket, "/", count: 3)).ShouldBeOkJsonObjectAsync();
        var second = await (await client.ListObjectsAsync(id, bucket, "/", (string)first["continuationToken"]!, 3)).ShouldBeOkJsonObjectAsync();
        var third = await (await client.ListObjectsAsync(id, bucket, "/", (string)second["continuationToken"]!, 3)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["f0.txt", "f1.txt", "f2.txt"], first.Paths());
        Assert.Equal(["f3.txt", "f4.txt", "f5.txt"], second.Paths());
        Assert.Equal(["f6.txt"], third.Paths());
        Assert.Null(third["continuationToken"]);
    }

    [Fact]
    public async Task Without_count_a_page_holds_1000_objects()
    {
        var bucket = await ManyObjectsBucketAsync();
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListObjectsAsync(id, bucket, "/")).ShouldBeOkJsonObjectAsync();

        Assert.Equal(1000, body["data"]!.AsArray().Count);
        Assert.NotNull((string?)body["continuationToken"]);
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(5000)]
    [InlineData(int.MaxValue)]
    public async Task A_count_above_1000_is_served_as_1000(int count)
    {
        var bucket = await ManyObjectsBucketAsync();
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListObjectsAsync(id, bucket, "/", count: count)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(1000, body["data"]!.AsArray().Count);
        Assert.NotNull((string?)body["continuationToken"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public async Task A_count_of_zero_or_less_is_a_DEFAULT_error(int count)
    {
        var bucket = await api.S3.CreateBucketAsync("lo-count");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(id, bucket, "/", count: count);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "'count'");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("x/..")]
    [InlineData("x/../other")]
    [InlineData("a\\b")]
    [InlineData("bucket?list-type=2")]
    [InlineData("bucket%2F..")]
    public async Task A_bucket_name_that_is_really_a_path_is_a_DEFAULT_error(string bucketName)
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(id, bucketName, "/");

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "'bucketName' must be a bucket name");
    }

    [Fact]
    public async Task A_tampered_continuation_token_is_a_DEFAULT_error()
    {
        var (id, bucket, token) = await FirstPageTokenAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);
        var middle = token.Length / 2;
        var tampered = string.Concat(token.AsSpan(0, middle), token[middle] == 'A' ? "B" : "A", token.AsSpan(middle + 1));

        var response = await client.ListObjectsAsync(id, bucket, "/", tampered, 2);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "continuationToken");
    }

    public static TheoryData<string> ForgedTokens => new()
    {
        "obj-00010.bin",
        "not a token at all",
        "CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        new string('x', 5000),
    };

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task A_forged_continuation_token_is_a_DEFAULT_error(string forged)
    {
        var bucket = await api.S3.CreateBucketAsync("lo-forged");
        await api.S3.PutManyAsync(bucket, ["a.txt", "b.txt"]);
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(id, bucket, "/", forged, 1);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "continuationToken");
    }

    [Fact]
    public async Task A_continuation_token_only_works_for_the_bucket_it_came_from()
    {
        var (id, bucket, token) = await FirstPageTokenAsync(_tenant.Owner);
        var otherBucket = await api.S3.CreateBucketAsync("lo-other");
        await api.S3.PutManyAsync(otherBucket, ["a.txt", "b.txt", "c.txt"]);
        using var client = api.CreateClientFor(_tenant.Owner);

        var reusedElsewhere = await client.ListObjectsAsync(id, otherBucket, "/", token, 2);
        var reusedAtHome = await client.ListObjectsAsync(id, bucket, "/", token, 2);

        await reusedElsewhere.ShouldBeAmoveErrorAsync("DEFAULT", "continuationToken");
        await reusedAtHome.ShouldBeOkJsonObjectAsync();
    }

    [Fact]
    public async Task A_continuation_token_only_works_for_the_path_it_came_from()
    {
        var (id, bucket, token) = await FirstPageTokenAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(id, bucket, "sub/", token, 2);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "continuationToken");
    }

    [Fact]
    public async Task A_continuation_token_from_another_cloud_account_of_the_same_user_is_refused()
    {
        var (_, bucket, token) = await FirstPageTokenAsync(_tenant.Owner);
        var secondAccount = await api.ConnectS3GenericAsync(_tenant.Owner, "Same s3rver, other account");
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(secondAccount, bucket, "/", token, 2);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "continuationToken");
    }

    [Fact]
    public async Task A_continuation_token_from_another_users_account_is_refused()
    {
        var (_, bucket, token) = await FirstPageTokenAsync(_tenant.Owner);
        var stranger = new TestTenant().Owner;
        var strangersAccount = await api.ConnectS3GenericAsync(stranger, "Stranger's s3rver");
        using var client = api.CreateClientFor(stranger);

        var response = await client.ListObjectsAsync(strangersAccount, bucket, "/", token, 2);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "continuationToken");
    }

    [Fact]
    public async Task A_continuation_token_expires_after_an_hour()
    {
        var clock = new AdjustableClock();
        await using var app = api.WithClock(clock);
        var bucket = await api.S3.CreateBucketAsync("lo-expiry");
        await api.S3.PutManyAsync(bucket, ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]);
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        // Long enough to outlive the moved clock; the default 30 minutes would not.
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(_tenant.Owner, expires: DateTime.UtcNow.AddMinutes(90)));

        var first = await (await client.ListObjectsAsync(id, bucket, "/", count: 2)).ShouldBeOkJsonObjectAsync();
        var token = (string)first["continuationToken"]!;
        clock.Advance(TimeSpan.FromMinutes(59));
        var second = await (await client.ListObjectsAsync(id, bucket, "/", token, 2)).ShouldBeOkJsonObjectAsync();
        clock.Advance(TimeSpan.FromMinutes(2));
        var late = await client.ListObjectsAsync(id, bucket, "/", token, 2);

        Assert.Equal(["c.txt", "d.txt"], second.Paths());
        await late.ShouldBeAmoveErrorAsync("DEFAULT", "continuationToken");
    }

    [Theory]
    [MemberData(nameof(TestTenantRoles.BrowseVisibility), MemberType = typeof(TestTenantRoles))]
    public async Task Only_callers_who_can_see_the_account_may_list_its_objects(string caller, bool shared, bool visible)
    {
        var bucket = await api.S3.CreateBucketAsync("lo-vis");
        await api.S3.PutAsync(bucket, "secret-plans.txt");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: shared);
        using var client = api.CreateClientFor(_tenant.Pick(caller));

        var response = await client.ListObjectsAsync(id, bucket);

        if (visible)
        {
            Assert.Equal(["secret-plans.txt"], (await response.ShouldBeOkJsonObjectAsync()).Paths());
        }
        else
        {
            Assert.Equal(["Object not found."], await response.ShouldBeAmoveErrorAsync("Global"));
        }
    }

    [Fact]
    public async Task A_deleted_account_is_not_found()
    {
        var bucket = await api.S3.CreateBucketAsync("lo-deleted");
        await api.S3.PutAsync(bucket, "a.txt");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);
        await (await client.ListObjectsAsync(id, bucket)).ShouldBeOkJsonObjectAsync();
        await (await client.DeleteAsync(CloudAccountApi.Delete(id))).ShouldBeOkJsonAsync();

        Assert.Equal(["Object not found."], await (await client.ListObjectsAsync(id, bucket)).ShouldBeAmoveErrorAsync("Global"));
    }

    [Fact]
    public async Task An_account_id_that_does_not_exist_is_not_found()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(Guid.NewGuid(), "any-bucket");

        Assert.Equal(["Object not found."], await response.ShouldBeAmoveErrorAsync("Global"));
    }

    [Fact]
    public async Task A_bucket_that_does_not_exist_is_NOT_FOUND()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(id, $"no-such-bucket-{Guid.NewGuid():N}"[..40]);

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND");
    }

    public static TheoryData<string> MissingBucketNames => new() { """{"cloudAccountId":"{id}","path":"/"}""", """{"cloudAccountId":"{id}","bucketName":""}""", """{"cloudAccountId":"{id}","bucketName":null}""" };

    [Theory]
    [MemberData(nameof(MissingBucketNames))]
    public async Task A_missing_bucketName_is_a_DEFAULT_error_naming_the_field(string body)
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostRawAsync(CloudAccountApi.ListObjects, body.Replace("{id}", id.ToString()));

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "'bucketName' is required.");
    }

    [Fact]
    public async Task An_id_instead_of_a_bucketName_on_an_S3_account_is_a_DEFAULT_error_not_a_500()
    {
        // "id" addresses folders of the OAuth drives; an S3 account has nothing to list without a bucket name.
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = "folder-id", path = "/" });

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "'bucketName' is required.");
    }

    [Fact]
    public async Task A_missing_cloudAccountId_is_a_DEFAULT_error_naming_the_field()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.ListObjects, new { bucketName = "b", path = "/" });

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "cloudAccountId");
    }

    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        { "truncated JSON", """{"cloudAccountId":"{id}","bucketName":""", "JSON" },
        { "not JSON at all", "bucketName=photos", "JSON" },
        { "count is a string", """{"cloudAccountId":"{id}","bucketName":"b","count":"ten"}""", "count" },
        { "count is a numeric string", """{"cloudAccountId":"{id}","bucketName":"b","count":"10"}""", "count" },
        { "count is fractional", """{"cloudAccountId":"{id}","bucketName":"b","count":1.5}""", "count" },
        { "count overflows an int", """{"cloudAccountId":"{id}","bucketName":"b","count":99999999999}""", "count" },
        { "cloudAccountId is not a uuid", """{"cloudAccountId":"not-a-uuid","bucketName":"b"}""", "cloudAccountId" },
        { "bucketName is a number", """{"cloudAccountId":"{id}","bucketName":5}""", "bucketName" },
        { "path is an object", """{"cloudAccountId":"{id}","bucketName":"b","path":{}}""", "path" },
        { "continuationToken is an array", """{"cloudAccountId":"{id}","bucketName":"b","continuationToken":[]}""", "continuationToken" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_is_a_DEFAULT_error_and_never_a_500(string because, string body, string fragment)
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostRawAsync(CloudAccountApi.ListObjects, body.Replace("{id}", id.ToString()));

        Assert.True((int)response.StatusCode == 499, because);
        await response.ShouldBeAmoveErrorAsync("DEFAULT", fragment);
    }

    /// <summary>A bucket of 5 objects, listed 2 at a time by <paramref name="owner"/>: the first page's token.</summary>
    private async Task<(Guid CloudAccountId, string Bucket, string Token)> FirstPageTokenAsync(TestUser owner)
    {
        var bucket = await api.S3.CreateBucketAsync("lo-token");
        await api.S3.PutManyAsync(bucket, ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]);
        var id = await api.ConnectS3GenericAsync(owner);
        using var client = api.CreateClientFor(owner);
        var page = await (await client.ListObjectsAsync(id, bucket, "/", count: 2)).ShouldBeOkJsonObjectAsync();
        Assert.Equal(["a.txt", "b.txt"], page.Paths());
        var token = (string?)page["continuationToken"];
        Assert.False(string.IsNullOrEmpty(token));
        return (id, bucket, token!);
    }

    private async Task<string> ManyObjectsBucketAsync()
    {
        await ManySeeding.WaitAsync();
        try
        {
            if (_manyObjectsBucket is null)
            {
                var bucket = await api.S3.CreateBucketAsync("lo-many");
                await api.S3.PutManyAsync(bucket, ManyKeys, parallelism: 32);
                _manyObjectsBucket = bucket;
            }

            return _manyObjectsBucket;
        }
        finally
        {
            ManySeeding.Release();
        }
    }
}
