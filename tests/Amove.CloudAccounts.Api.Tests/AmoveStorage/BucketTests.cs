using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

[Collection(S3HostedStorageCollection.Name)]
public sealed class BucketTests(S3HostedStorage storage)
{
    private readonly CloudAccountsApiFactory _api = storage.Api;
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task The_owner_creates_a_bucket_that_list_buckets_shows_then_deletes_it()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner)).Id();
        using var owner = _api.CreateClientFor(_tenant.Owner);
        var bucket = UniqueName();

        await (await owner.PostAsync(AmoveStorageApi.CreateBucket(id, bucket), null)).ShouldBeOkWithoutBodyAsync();
        Assert.Contains(bucket, await owner.BucketNamesAsync(id));

        await (await owner.DeleteAsync(AmoveStorageApi.DeleteBucket(id, bucket))).ShouldBeOkWithoutBodyAsync();
        Assert.DoesNotContain(bucket, await owner.BucketNamesAsync(id));
    }

    [Fact]
    public async Task The_whole_life_of_a_storage_through_the_API()
    {
        using var owner = _api.CreateClientFor(_tenant.Owner);
        var id = (await (await owner.AddStorageAsync(S3HostedStorage.Virginia, storageTier: 2)).ShouldBeOkJsonObjectAsync()).Id();
        var bucket = UniqueName();
        await (await owner.PostAsync(AmoveStorageApi.CreateBucket(id, bucket), null)).ShouldBeOkWithoutBodyAsync();
        await _api.S3.PutAsync(bucket, "photos/a.jpg", "jpeg");
        var listed = await (await owner.ListObjectsAsync(id, bucket, "/photos/")).ShouldBeOkJsonObjectAsync();
        Assert.Single(listed["data"]!.AsArray(), o => (string?)o!["name"] == "a.jpg");

        await (await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(id))).ShouldBeOkJsonAsync();

        Assert.Empty(await owner.GetAllDataAsync());
        Assert.Empty(await owner.GetAmoveStorageAsync());
        await (await owner.ListBucketsAsync(id)).ShouldBeAmoveErrorAsync("Global", "Object not found.");
    }

    public static TheoryData<string, string> InvalidNames => new()
    {
        { "ab", "3 to 63 characters" },
        { new string('a', 64), "3 to 63 characters" },
        { "My-Bucket", "only lowercase letters, digits, dots (.) and hyphens (-)" },
        { "my_bucket", "only lowercase letters" },
        { "-bucket", "begin and end with a letter or a digit" },
        { "bucket.", "begin and end with a letter or a digit" },
        { "my..bucket", "two adjacent dots" },
        { "192.168.5.4", "IP address" },
        { "xn--bucket", "must not start with 'xn--'" },
        { "bucket-s3alias", "must not end with '-s3alias' or '--ol-s3'" },
        { "bucket--ol-s3", "must not end with '-s3alias' or '--ol-s3'" },
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task A_name_that_breaks_S3s_naming_rules_is_a_499_DEFAULT_and_nothing_is_created(string name, string message)
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner)).Id();
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.PostAsync(AmoveStorageApi.CreateBucket(id, name), null);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", message);
        Assert.DoesNotContain(name, await owner.BucketNamesAsync(id));
    }

    [Fact]
    public async Task A_missing_bucket_name_is_a_499_DEFAULT()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner)).Id();
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.PostAsync($"{CloudAccountApi.Prefix}/idrive_create_bucket?cloudAccountId={id}", null);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "'bucketName' is required.");
    }

    [Fact]
    public async Task A_bucket_that_exists_already_is_refused_with_the_providers_reason()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner)).Id();
        var taken = await _api.S3.CreateBucketAsync("taken");
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.PostAsync(AmoveStorageApi.CreateBucket(id, taken), null);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "BucketAlreadyExists");
    }

    [Fact]
    public async Task A_bucket_with_objects_in_it_is_not_deleted_and_the_provider_says_why()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner)).Id();
        var full = await _api.S3.CreateBucketAsync("full");
        await _api.S3.PutAsync(full, "kept.txt");
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.DeleteAsync(AmoveStorageApi.DeleteBucket(id, full));

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "BucketNotEmpty");
        Assert.Contains(full, await owner.BucketNamesAsync(id));
    }

    [Fact]
    public async Task Deleting_a_bucket_that_does_not_exist_is_NOT_FOUND()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner)).Id();
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.DeleteAsync(AmoveStorageApi.DeleteBucket(id, UniqueName()));

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND", "NoSuchBucket");
    }

    [Fact]
    public async Task Only_the_owner_manages_the_buckets_of_a_shared_storage()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner, shared: true)).Id();
        using var admin = _api.CreateClientFor(_tenant.DesktopAdmin);
        var bucket = UniqueName();

        var create = await admin.PostAsync(AmoveStorageApi.CreateBucket(id, bucket), null);
        var delete = await admin.DeleteAsync(AmoveStorageApi.DeleteBucket(id, bucket));

        await create.ShouldBeAmoveErrorAsync("ACCESS", "Only the owner of this storage can create buckets in it.");
        await delete.ShouldBeAmoveErrorAsync("ACCESS", "Only the owner of this storage can delete buckets in it.");
        Assert.DoesNotContain(bucket, await admin.BucketNamesAsync(id));
    }

    [Fact]
    public async Task Another_accounts_storage_is_Object_not_found()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner, shared: true)).Id();
        using var stranger = _api.CreateClientFor(_tenant.OtherAccountAdmin);

        var response = await stranger.PostAsync(AmoveStorageApi.CreateBucket(id, UniqueName()), null);

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
    }

    [Fact]
    public async Task Buckets_of_a_user_connected_account_are_not_managed_here()
    {
        var id = await _api.ConnectS3GenericAsync(_tenant.Owner);
        using var owner = _api.CreateClientFor(_tenant.Owner);
        var bucket = UniqueName();

        var response = await owner.PostAsync(AmoveStorageApi.CreateBucket(id, bucket), null);

        await response.ShouldBeAmoveErrorAsync("Global", "only in internal (Amove-hosted) storage");
        Assert.DoesNotContain(bucket, await owner.BucketNamesAsync(id));
    }

    private static string UniqueName() => $"made-{Guid.NewGuid():N}";
}
