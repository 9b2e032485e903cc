using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Contract;

/// <summary>The connector contract for the S3 family, against s3rver.</summary>
[Collection(ApiCollection.Name)]
public sealed class S3ConnectorContract(CloudAccountsApiFactory api)
    : ConnectorContract<S3ContractFixture>(api, new S3ContractFixture(api.S3));

public sealed class S3ContractFixture(S3TestServer s3) : IConnectorContractFixture
{
    public CloudProvider Provider => CloudProvider.S3Generic;

    public IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public object Account(string name, bool wrongCredentials = false) => new
    {
        cloudType = (int)Provider,
        name,
        // s3rver checks which key signed a request, not the signature: a wrong key is the wrong credential it sees.
        accessKey = wrongCredentials ? "NOT-A-KEY" : TestEnvironment.S3AccessKey,
        secretKey = TestEnvironment.S3SecretKey,
        serviceUrl = s3.Url,
    };

    public object AccountAt(LoopbackHttpServer server, string name) => new
    {
        cloudType = (int)Provider,
        name,
        accessKey = "AKIDEXAMPLE",
        secretKey = "contract-secret",
        serviceUrl = server.Url,
    };

    public IReadOnlyDictionary<string, string?> SettingsToReach(LoopbackHttpServer server) => new Dictionary<string, string?>();

    public async Task<string> CreateBucketAsync(IEnumerable<string> paths)
    {
        var bucket = await s3.CreateBucketAsync("contract");
        await Task.WhenAll(paths.Select(path => s3.PutAsync(bucket, path, "hello")));
        return bucket;
    }

    public string ListingPathSegment(string bucket) => bucket;

    // Addressed by path: folders have no ids.
    public string MissingFolderId => "";

    public string OversizedAnswer(HttpRequestHead request, int entries) =>
        request.RequestLine.StartsWith("GET / ", StringComparison.Ordinal)
            ? S3Xml.Ok(S3Xml.BucketList([]))
            : S3Xml.Ok(S3Xml.ObjectList("bucket", Enumerable.Range(0, entries).Select(i => $"file-{i}.bin")));
}
