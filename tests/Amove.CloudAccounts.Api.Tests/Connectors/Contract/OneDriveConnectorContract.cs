using System.Globalization;
using System.Text;
using Amove.CloudAccounts.Api.Tests.Connectors.OneDrive;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Contract;

/// <summary>The connector contract for OneDrive, against a fake of Microsoft Graph.</summary>
[Collection(ApiCollection.Name)]
public sealed class OneDriveConnectorContract(CloudAccountsApiFactory api)
    : ConnectorContract<OneDriveContractFixture>(api, new OneDriveContractFixture());

public sealed class OneDriveContractFixture : IConnectorContractFixture
{
    // One fake for the whole run: every test has users (tokens) of its own in it.
    private static readonly Lazy<FakeOneDrive> SharedFake = new(() => FakeOneDrive.StartAsync().GetAwaiter().GetResult());

    private FakeGraphUser? _user;
    private FakeDrive? _drive;

    public static FakeOneDrive Fake => SharedFake.Value;

    public CloudProvider Provider => CloudProvider.OneDrive;

    public IReadOnlyDictionary<string, string?> Settings => Reaching(Fake.Url);

    public static IReadOnlyDictionary<string, string?> Reaching(Uri url) => new Dictionary<string, string?>
    {
        ["Connectors:OneDrive:ApiBaseUrl"] = url.ToString(),
        ["Connectors:OneDrive:TokenUrl"] = new Uri(url, FakeOneDrive.TokenPath).ToString(),
        ["Connectors:OneDrive:ClientId"] = "amove-test-client",
        ["Connectors:OneDrive:ClientSecret"] = "amove-test-secret",
    };

    public static object AccountWith(string name, string tokenResponse) => new { cloudType = 512, name, credentialsData = tokenResponse };

    public object Account(string name, bool wrongCredentials = false)
    {
        if (_user is null)
        {
            // Every Microsoft account with OneDrive has its own drive, if an empty one.
            _user = Fake.AddUser();
            _user.AddDrive("OneDrive", []);
        }

        return AccountWith(
            name,
            wrongCredentials
                ? """{"token_type":"Bearer","access_token":"not-a-token-microsoft-issued","expires_in":3600}"""
                : _user.TokenResponse());
    }

    public object AccountAt(LoopbackHttpServer server, string name) =>
        AccountWith(name, """{"token_type":"Bearer","access_token":"token-for-a-loopback-server","expires_in":3600}""");

    public IReadOnlyDictionary<string, string?> SettingsToReach(LoopbackHttpServer server) => Reaching(server.Url);

    public Task<string> CreateBucketAsync(IEnumerable<string> paths)
    {
        _user = Fake.AddUser();
        _drive = _user.AddDrive($"OneDrive {Guid.NewGuid():N}"[..20], paths);
        return Task.FromResult(_drive.Name);
    }

    // The drive's id is a segment of the path of every listing of its items: /v1.0/drives/{drive-id}/items/{item-id}/children.
    public string ListingPathSegment(string bucket) => _user!.Drives.Single(drive => drive.Name == bucket).Id;

    public string MissingFolderId => $"{_drive!.Id}/{_drive.Id.ToUpperInvariant()}!999999";

    public string OversizedAnswer(HttpRequestHead request, int entries)
    {
        var body = new StringBuilder();
        if (request.RequestLine.Contains("/children", StringComparison.Ordinal))
        {
            body.Append("{\"value\":[");
            for (var i = 0; i < entries; i++)
            {
                body.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                    $$$"""{"id":"ITEM!{{{i}}}","name":"file-{{{i}}}.bin","size":1,"lastModifiedDateTime":"2026-12-01T12:00:00Z","file":{"mimeType":"application/octet-stream"}}""");
            }

            body.Append("]}");
        }
        else if (request.RequestLine.Contains("/me/drives", StringComparison.Ordinal))
        {
            body.Append("{\"value\":[]}");
        }
        else
        {
            body.Append("{\"id\":\"0123456789abcdef\",\"name\":\"OneDrive\"}");
        }

        return LoopbackHttpServer.HttpResponse(200, "OK", body.ToString(), "Content-Type: application/json");
    }
}
