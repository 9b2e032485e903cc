using Amove.CloudAccounts.Api.Tests.ApiTokens;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Amove.CloudAccounts.Api.Tests.Errors;

/// <summary>
/// Thousands of generated hostile requests against every cloud-account and API-token action, signed in: none may be a
/// 500, every answer other than 200, 401 or 429 is a well-formed 499, and refused requests leave the database unchanged
/// (<see cref="FuzzRunner"/>). The hosted-storage and desktop actions have their own suite
/// (<see cref="HostedStorageAndDesktopFuzzTests"/>), on an API where those features are configured.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FuzzTests(CloudAccountsApiFactory api, ITestOutputHelper output)
{
    private static readonly FuzzTarget[] Targets =
    [
        new("get_all", "GET", CloudAccountApi.GetAll, [], ["page", "pageSize", "sortField", "descending"]),
        new("insert", "POST", CloudAccountApi.Insert,
            ["cloudType", "name", "accessKey", "secretKey", "credentialsData", "serviceUrl", "shared", "id", "accountId", "userId", "internalStorage", "active", "storageTier"], []),
        new("manage_share", "PUT", CloudAccountApi.ManageShare, ["id", "shared"], []),
        new("delete", "DELETE", CloudAccountApi.Prefix + "/delete", [], ["id"]),
        new("list_buckets", "POST", CloudAccountApi.ListBuckets, ["cloudAccountId", "includeRegion"], []),
        new("list_objects", "POST", CloudAccountApi.ListObjects, ["cloudAccountId", "id", "bucketName", "path", "continuationToken", "count"], []),
        new("apitoken get_all", "GET", ApiTokenApi.GetAll, [], ["page", "pageSize", "sortField", "descending"]),
        new("apitoken insert", "POST", ApiTokenApi.Insert, ["title", "isEncrypted", "encryptionKey", "expirationDate", "token", "id", "userId", "sessionId"], []),
        new("apitoken delete", "DELETE", ApiTokenApi.Prefix + "/delete", [], ["id"]),
        new("unknown action", "GET", CloudAccountApi.Prefix + "/get_everything", ["id"], ["id"]),
        new("legacy get_all", "GET", "/api/cloudaccount/get_all", [], ["page", "pageSize", "sortField", "descending"]),
        new("legacy list_objects", "POST", "/api/cloudaccount/list_objects", ["cloudAccountId", "bucketName", "path", "count"], []),
    ];

    public static TheoryData<string> TargetNames => new(Targets.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(TargetNames))]
    public async Task Generated_requests_are_never_a_500_every_error_is_a_well_formed_499_and_refused_ones_change_nothing(string targetName)
    {
        var tenant = new TestTenant();
        var world = await CreateWorldAsync(tenant);

        // The owner and users who see the shared account or not; enough of them that none meets the per-user rate limit.
        TestUser[] members = [tenant.Owner, tenant.DesktopAdmin, tenant.DesktopCreativeUser, tenant.DesktopStandardUser];
        var users = members
            .Concat(Enumerable.Range(0, FuzzRunner.CasesPerTarget() / 300).Select(i => TestUser.In(tenant.AccountId, members[i % members.Length].UserType)))
            .ToArray();

        await new FuzzRunner(api, output, nameof(FuzzTests), seedOffset: 0).RunAsync(Targets, targetName, world, users, FuzzRunner.CasesPerTarget());
    }

    // One S3 account on the local s3rver with a bucket of oddly named objects, so some cases reach the provider.
    private async Task<FuzzWorld> CreateWorldAsync(TestTenant tenant)
    {
        var accountId = await api.ConnectS3GenericAsync(tenant.Owner, "Fuzz target", shared: true);
        var bucket = await api.S3.CreateBucketAsync("fuzz");
        await api.S3.PutManyAsync(bucket, ["photos/a.jpg", "photos/\u00e9t\u00e9 2026.png", "%2e%2e/x", "a b/c+d", "emoji/😀.txt", "deep/1/2/3/4"]);
        return new FuzzWorld(
            accountId,
            bucket,
            "photos/",
            TestEnvironment.S3AccessKey,
            [api.S3.Url, "http://127.0.0.1:1", "http://[::1]:9000", "http://169.254.169.254/latest", "http://localhost:4568",
             "https://user:pass@127.0.0.1", "http://[::ffff:127.0.0.1]", "http://0x7f.1/", "file:///etc/passwd", "http://[::1"]);
    }
}
