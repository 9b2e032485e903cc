using System.Globalization;
using System.Text;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Contract;

/// <summary>The connector contract for Azure Blob Storage, against Azurite.</summary>
[Collection(ApiCollection.Name)]
public sealed class AzureConnectorContract(CloudAccountsApiFactory api)
    : ConnectorContract<AzureContractFixture>(api, new AzureContractFixture());

public sealed class AzureContractFixture : IConnectorContractFixture
{
    private readonly AzuriteTestServer _azurite = new();

    public CloudProvider Provider => CloudProvider.Azure;

    public IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public object Account(string name, bool wrongCredentials = false) => AzuriteTestServer.Account(
        name,
        // Base64 of the right length, but not Azurite's key: the signature does not match.
        accountKey: wrongCredentials ? Convert.ToBase64String(new byte[64]) : TestEnvironment.AzuriteAccountKey);

    // An IP host carries the account name as the first path segment, as Azurite's does.
    public object AccountAt(LoopbackHttpServer server, string name) =>
        AzuriteTestServer.Account(name, serviceUrl: new Uri(server.Url, TestEnvironment.AzuriteAccountName).ToString());

    public IReadOnlyDictionary<string, string?> SettingsToReach(LoopbackHttpServer server) => new Dictionary<string, string?>();

    public async Task<string> CreateBucketAsync(IEnumerable<string> paths)
    {
        var container = await _azurite.CreateContainerAsync("contract");
        await Task.WhenAll(paths.Select(path => _azurite.PutAsync(container, path, "hello")));
        return container;
    }

    // List Containers (the insert's check) answers with none; List Blobs (restype=container) with every entry at once.
    public string ListingPathSegment(string bucket) => bucket;

    // Addressed by path: folders have no ids.
    public string MissingFolderId => "";

    public string OversizedAnswer(HttpRequestHead request, int entries)
    {
        var body = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"http://127.0.0.1/devstoreaccount1\">");
        if (request.RequestLine.Contains("restype=container", StringComparison.Ordinal))
        {
            body.Append("<Delimiter>/</Delimiter><Blobs>");
            for (var i = 0; i < entries; i++)
            {
                body.Append(CultureInfo.InvariantCulture, $"<Blob><Name>file-{i}.bin</Name><Properties>")
                    .Append("<Last-Modified>Tue, 01 Dec 2026 12:00:00 GMT</Last-Modified><Content-Length>1</Content-Length>")
                    .Append("<BlobType>BlockBlob</BlobType></Properties></Blob>");
            }

            body.Append("</Blobs>");
        }
        else
        {
            body.Append("<Containers />");
        }

        body.Append("<NextMarker /></EnumerationResults>");
        return LoopbackHttpServer.HttpResponse(200, "OK", body.ToString(), "Content-Type: application/xml");
    }
}
