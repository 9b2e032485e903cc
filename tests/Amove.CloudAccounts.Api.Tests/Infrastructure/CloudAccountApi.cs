using System.Text.Json.Nodes;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>Routes and ready-made requests, so tests say what they do rather than how.</summary>
public static class CloudAccountApi
{
    public const string Prefix = "/api/v1/cloudaccount";
    public const string GetAll = Prefix + "/get_all";
    public const string Insert = Prefix + "/insert";
    public const string ManageShare = Prefix + "/manage_share";
    public const string ListBuckets = Prefix + "/list_buckets";
    public const string ListObjects = Prefix + "/list_objects";

    public static string Delete(Guid id) => $"{Prefix}/delete?id={id}";

    /// <summary>A valid S3 Generic account on the local s3rver.</summary>
    public static object S3GenericAccount(string name = "My S3", bool shared = false) => new
    {
        cloudType = 8,
        name,
        accessKey = TestEnvironment.S3AccessKey,
        secretKey = TestEnvironment.S3SecretKey,
        serviceUrl = TestEnvironment.S3Url.ToString().TrimEnd('/'),
        shared,
    };

    /// <summary>Connects an S3 Generic account for <paramref name="owner"/> and returns its id.</summary>
    public static async Task<Guid> ConnectS3GenericAsync(this CloudAccountsApiFactory api, TestUser owner, string name = "My S3", bool shared = false)
    {
        using var client = api.CreateClientFor(owner);
        var response = await client.PostJsonAsync(Insert, S3GenericAccount(name, shared));
        var created = await response.ShouldBeOkJsonObjectAsync();
        return Guid.Parse((string)created["id"]!);
    }

    public static async Task<JsonArray> GetAllDataAsync(this HttpClient client)
    {
        var body = await (await client.GetAsync(GetAll)).ShouldBeOkJsonObjectAsync();
        return body["data"]!.AsArray();
    }
}
