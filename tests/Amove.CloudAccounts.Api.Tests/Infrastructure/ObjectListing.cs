using System.Text.Json.Nodes;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>Calls list_buckets and list_objects and reads their bodies.</summary>
public static class ObjectListing
{
    public static Task<HttpResponseMessage> ListBucketsAsync(this HttpClient client, Guid cloudAccountId, bool? includeRegion = null) =>
        includeRegion is { } include
            ? client.PostJsonAsync(CloudAccountApi.ListBuckets, new { cloudAccountId, includeRegion = include })
            : client.PostJsonAsync(CloudAccountApi.ListBuckets, new { cloudAccountId });

    public static Task<HttpResponseMessage> ListObjectsAsync(
        this HttpClient client, Guid cloudAccountId, string bucketName, string? path = "/", string? continuationToken = null, int? count = null)
    {
        var body = new JsonObject
        {
            ["cloudAccountId"] = cloudAccountId.ToString(),
            ["bucketName"] = bucketName,
        };
        if (path is not null) body["path"] = path;
        if (continuationToken is not null) body["continuationToken"] = continuationToken;
        if (count is not null) body["count"] = count;
        return client.PostRawAsync(CloudAccountApi.ListObjects, body.ToJsonString());
    }

    /// <summary>
    /// list_objects by the <paramref name="id"/> an id-addressed provider returned, with the folder's
    /// <paramref name="path"/>; fields left out as a client leaves them out (absent, not null).
    /// </summary>
    public static Task<HttpResponseMessage> ListObjectsByIdAsync(
        this HttpClient client, Guid cloudAccountId, string id, string path = "/", string? continuationToken = null, int? count = null)
    {
        var body = new JsonObject { ["cloudAccountId"] = cloudAccountId.ToString(), ["id"] = id, ["path"] = path };
        if (continuationToken is not null) body["continuationToken"] = continuationToken;
        if (count is not null) body["count"] = count;
        return client.PostRawAsync(CloudAccountApi.ListObjects, body.ToJsonString());
    }

    /// <summary>The <c>path</c> of every entry of a list_objects page, in order.</summary>
    public static string[] Paths(this JsonObject page) => page["data"]!.AsArray().Select(o => (string)o!["path"]!).ToArray();

    /// <summary>The <c>name</c> of every entry of a list_buckets body.</summary>
    public static string[] BucketNames(this JsonObject body) => body["data"]!.AsArray().Select(b => (string)b!["name"]!).ToArray();

    public static JsonObject Bucket(this JsonObject body, string name) =>
        body["data"]!.AsArray().Single(b => (string)b!["name"]! == name)!.AsObject();
}
