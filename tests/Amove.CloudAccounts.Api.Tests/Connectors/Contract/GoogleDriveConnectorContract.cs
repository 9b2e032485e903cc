using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.GoogleDrive;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Contract;

/// <summary>The connector contract for Google Drive, against <see cref="FakeGoogleDrive"/>, browsing a shared drive.</summary>
[Collection(ApiCollection.Name)]
public sealed class GoogleDriveConnectorContract(CloudAccountsApiFactory api)
    : ConnectorContract<GoogleDriveContractFixture>(api, new GoogleDriveContractFixture());

public sealed class GoogleDriveContractFixture : IConnectorContractFixture
{
    // One fake for the whole run: each fixture works with users of its own.
    private static readonly Lazy<FakeGoogleDrive> SharedFake = new(FakeGoogleDrive.Start);

    private DriveUser? _user;
    private string _missingFolderId = "";

    private static FakeGoogleDrive Fake => SharedFake.Value;

    private DriveUser User => _user ??= Fake.AddUser();

    public CloudProvider Provider => CloudProvider.GoogleDrive;

    public IReadOnlyDictionary<string, string?> Settings => Fake.Settings;

    public object Account(string name, bool wrongCredentials = false) => new
    {
        cloudType = (int)CloudProvider.GoogleDrive,
        name,
        credentialsData = wrongCredentials
            ? new JsonObject { ["access_token"] = "ya29.not-a-token", ["refresh_token"] = "1//not-a-refresh-token", ["expires_in"] = 3599 }.ToJsonString()
            : User.TokenResponse(),
    };

    public object AccountAt(LoopbackHttpServer server, string name) => new
    {
        cloudType = (int)CloudProvider.GoogleDrive,
        name,
        credentialsData = new JsonObject { ["access_token"] = "ya29.loopback", ["refresh_token"] = "1//loopback", ["expires_in"] = 3599 }.ToJsonString(),
    };

    public IReadOnlyDictionary<string, string?> SettingsToReach(LoopbackHttpServer server) => new Dictionary<string, string?>
    {
        ["Connectors:GoogleDrive:ApiBaseUrl"] = server.Url.ToString().TrimEnd('/'),
        ["Connectors:GoogleDrive:TokenUrl"] = new Uri(server.Url, "token").ToString(),
    };

    /// <summary>A shared drive of a new user, holding the files; and a folder deleted from it for <see cref="MissingFolderId"/>.</summary>
    public Task<string> CreateBucketAsync(IEnumerable<string> paths)
    {
        _user = Fake.AddUser();
        var name = $"Team {Guid.NewGuid():N}"[..13];
        var drive = _user.AddSharedDrive(name);
        var root = _user.RootOf(drive);
        foreach (var path in paths)
        {
            _user.AddPath(root, path);
        }

        var deleted = _user.AddFolder(root, "deleted");
        _user.Delete(deleted);
        _missingFolderId = $"{drive.Id}:{deleted.Id}";
        return Task.FromResult(name);
    }

    // Every listing is GET /drive/v3/files, and only listings (and a folder check after an empty last page) go there.
    public string ListingPathSegment(string bucket) => "files";

    public string MissingFolderId => _missingFolderId;

    public string OversizedAnswer(HttpRequestHead request, int entries)
    {
        var path = request.RequestLine.Split(' ')[1];
        var body = path.StartsWith("/drive/v3/files?", StringComparison.Ordinal)
            ? new StringBuilder("{\"kind\":\"drive#fileList\",\"incompleteSearch\":false,\"files\":[")
                .AppendJoin(',', Enumerable.Range(0, entries).Select(i => string.Create(
                    CultureInfo.InvariantCulture,
                    $"{{\"id\":\"file{i}\",\"name\":\"file-{i}.bin\",\"mimeType\":\"application/octet-stream\",\"size\":\"1\",\"modifiedTime\":\"2026-12-01T12:00:00.000Z\"}}")))
                .Append("]}").ToString()
            : path.StartsWith("/drive/v3/about", StringComparison.Ordinal)
                ? "{\"kind\":\"drive#about\",\"user\":{\"kind\":\"drive#user\",\"displayName\":\"Careless\"}}"
                : "{\"kind\":\"drive#driveList\",\"drives\":[]}";
        return LoopbackHttpServer.HttpResponse(200, "OK", body, "Content-Type: application/json; charset=UTF-8");
    }
}
