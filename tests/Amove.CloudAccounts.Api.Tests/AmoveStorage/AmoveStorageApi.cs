using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

/// <summary>The hosted-storage routes and ready-made requests.</summary>
public static class AmoveStorageApi
{
    public const string AddStorage = CloudAccountApi.Prefix + "/idrive_add_storage";
    public const string Regions = CloudAccountApi.Prefix + "/idrive_regions";
    public const string GetAmoveStorage = CloudAccountApi.Prefix + "/get_amove_storage";

    public static string DeleteStorage(Guid id) => $"{CloudAccountApi.Prefix}/idrive_delete_storage?id={id}";

    public static string CreateBucket(Guid cloudAccountId, string bucketName) =>
        $"{CloudAccountApi.Prefix}/idrive_create_bucket?cloudAccountId={cloudAccountId}&bucketName={Uri.EscapeDataString(bucketName)}";

    public static string DeleteBucket(Guid cloudAccountId, string bucketName) =>
        $"{CloudAccountApi.Prefix}/idrive_delete_bucket?cloudAccountId={cloudAccountId}&bucketName={Uri.EscapeDataString(bucketName)}";

    public static object Storage(string? regionName = S3HostedStorage.Oregon, int storageTier = 1, bool shared = false, string? defaultPassword = null) =>
        new { regionName, storageTier, shared, defaultPassword };

    public static Task<HttpResponseMessage> AddStorageAsync(
        this HttpClient client, string? regionName = S3HostedStorage.Oregon, int storageTier = 1, bool shared = false, string? defaultPassword = null) =>
        client.PostJsonAsync(AddStorage, Storage(regionName, storageTier, shared, defaultPassword));

    /// <summary>Provisions storage for <paramref name="owner"/> and returns the answer (the masked cloud account).</summary>
    public static async Task<JsonObject> ProvisionAsync(
        this CloudAccountsApiFactory api, TestUser owner, string regionName = S3HostedStorage.Oregon, int storageTier = 1, bool shared = false)
    {
        using var client = api.CreateClientFor(owner);
        return await (await client.AddStorageAsync(regionName, storageTier, shared)).ShouldBeOkJsonObjectAsync();
    }

    public static Guid Id(this JsonObject account) => Guid.Parse((string)account["id"]!);

    public static async Task<JsonArray> GetAmoveStorageAsync(this HttpClient client) =>
        (await (await client.GetAsync(GetAmoveStorage)).ShouldBeOkJsonAsync()).AsArray();

    /// <summary>The names of the buckets <paramref name="cloudAccountId"/>'s keys reach, as list_buckets answers them.</summary>
    public static async Task<string[]> BucketNamesAsync(this HttpClient client, Guid cloudAccountId) =>
        (await (await client.ListBucketsAsync(cloudAccountId, includeRegion: false)).ShouldBeOkJsonObjectAsync()).BucketNames();
}
