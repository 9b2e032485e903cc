using System.Globalization;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.Dropbox;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Contract;

/// <summary>The connector contract for Dropbox, against <see cref="FakeDropbox"/>.</summary>
[Collection(ApiCollection.Name)]
public sealed class DropboxConnectorContract(CloudAccountsApiFactory api, FakeDropboxServer server)
    : ConnectorContract<DropboxContractFixture>(api, new DropboxContractFixture(server.Fake)), IClassFixture<FakeDropboxServer>;

public sealed class DropboxContractFixture(FakeDropbox fake) : IConnectorContractFixture
{
    private FakeDropboxUser? _user;

    public CloudProvider Provider => CloudProvider.Dropbox;

    public IReadOnlyDictionary<string, string?> Settings => fake.Settings;

    public object Account(string name, bool wrongCredentials = false) => new
    {
        cloudType = (int)Provider,
        name,
        // A token Dropbox never issued, and no refresh token to try: Dropbox answers 401 invalid_access_token.
        credentialsData = wrongCredentials
            ? """{"access_token":"sl.not-a-token","token_type":"bearer","expires_in":14400}"""
            : (_user ??= fake.CreateUser([])).CredentialsData(),
    };

    public object AccountAt(LoopbackHttpServer server, string name) => new
    {
        cloudType = (int)Provider,
        name,
        credentialsData = """{"access_token":"sl.loopback-token","token_type":"bearer","expires_in":14400}""",
    };

    public IReadOnlyDictionary<string, string?> SettingsToReach(LoopbackHttpServer server) => new Dictionary<string, string?>
    {
        ["Connectors:Dropbox:ApiBaseUrl"] = server.Url.ToString().TrimEnd('/'),
        ["Connectors:Dropbox:TokenUrl"] = new Uri(server.Url, "oauth2/token").ToString(),
    };

    // Each bucket is a new user's own Dropbox, listed as "Dropbox"; Account() connects that user.
    public Task<string> CreateBucketAsync(IEnumerable<string> paths)
    {
        _user = fake.CreateUser(paths);
        return Task.FromResult("Dropbox");
    }

    // files/list_folder and files/list_folder/continue; the insert's check and list_buckets are users/get_current_account.
    public string ListingPathSegment(string bucket) => "list_folder";

    public string MissingFolderId => "id:fake-folder-deleted-long-ago";

    public string OversizedAnswer(HttpRequestHead request, int entries)
    {
        JsonObject body = request.RequestLine.Contains("/list_folder", StringComparison.Ordinal)
            ? new JsonObject
            {
                ["entries"] = new JsonArray([.. Enumerable.Range(0, entries).Select(i => (JsonNode)new JsonObject
                {
                    [".tag"] = "file",
                    ["name"] = string.Create(CultureInfo.InvariantCulture, $"file-{i}.bin"),
                    ["id"] = string.Create(CultureInfo.InvariantCulture, $"id:file{i}"),
                    ["server_modified"] = "2026-12-01T12:00:00Z",
                    ["size"] = 1,
                })]),
                ["cursor"] = "AAEcursor",
                ["has_more"] = false,
            }
            : new JsonObject
            {
                ["account_id"] = "dbid:careless",
                ["root_info"] = new JsonObject { [".tag"] = "user", ["root_namespace_id"] = "1", ["home_namespace_id"] = "1" },
            };
        return LoopbackHttpServer.HttpResponse(200, "OK", body.ToJsonString(), "Content-Type: application/json");
    }
}
