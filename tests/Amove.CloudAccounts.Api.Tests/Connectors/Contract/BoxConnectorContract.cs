using System.Globalization;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.Box;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Contract;

/// <summary>The connector contract for Box, against <see cref="FakeBox"/>.</summary>
[Collection(ApiCollection.Name)]
public sealed class BoxConnectorContract(CloudAccountsApiFactory api)
    : ConnectorContract<BoxContractFixture>(api, new BoxContractFixture());

public sealed class BoxContractFixture : IConnectorContractFixture
{
    private readonly FakeBox _box = FakeBox.Shared;
    private BoxTokens? _tokens;

    public CloudProvider Provider => CloudProvider.Box;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connectors:Box:ApiBaseUrl"] = _box.Url.ToString(),
        ["Connectors:Box:TokenUrl"] = _box.TokenUrl.ToString(),
    };

    public static object AccountWith(BoxTokens tokens, string name, int expiresIn = 3600) => new
    {
        cloudType = (int)CloudProvider.Box,
        name,
        credentialsData = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["expires_in"] = expiresIn,
            ["restricted_to"] = new JsonArray(),
            ["refresh_token"] = tokens.RefreshToken,
            ["token_type"] = "bearer",
        }.ToJsonString(),
    };

    public object Account(string name, bool wrongCredentials = false) => AccountWith(
        wrongCredentials ? new BoxTokens("not-a-box-token", "not-a-box-refresh-token") : _tokens ??= _box.AddUser([]), name);

    public object AccountAt(LoopbackHttpServer server, string name) => AccountWith(new BoxTokens("box-access", "box-refresh"), name);

    public IReadOnlyDictionary<string, string?> SettingsToReach(LoopbackHttpServer server) => new Dictionary<string, string?>
    {
        ["Connectors:Box:ApiBaseUrl"] = server.Url.ToString(),
        ["Connectors:Box:TokenUrl"] = new Uri(server.Url, "oauth2/token").ToString(),
    };

    public Task<string> CreateBucketAsync(IEnumerable<string> paths)
    {
        _tokens = _box.AddUser(paths);
        return Task.FromResult("All Files");
    }

    // Every page of a folder's items is a GET /2.0/folders/{id}/items; nothing else has that segment.
    public string ListingPathSegment(string bucket) => "items";

    public string MissingFolderId => "999999999";

    public string OversizedAnswer(HttpRequestHead request, int entries)
    {
        var body = request.RequestLine.Contains("/items", StringComparison.Ordinal)
            ? new JsonObject
            {
                ["limit"] = entries,
                ["next_marker"] = null,
                ["entries"] = new JsonArray([.. Enumerable.Range(0, entries).Select(i => (JsonNode)new JsonObject
                {
                    ["type"] = "file",
                    ["id"] = (5000 + i).ToString(CultureInfo.InvariantCulture),
                    ["name"] = $"file-{i}.bin",
                    ["size"] = 1,
                    ["modified_at"] = "2026-12-01T12:00:00-08:00",
                    ["item_status"] = "active",
                })]),
            }
            : new JsonObject { ["type"] = "user", ["id"] = "1", ["name"] = "All Files" };
        return LoopbackHttpServer.HttpResponse(200, "OK", body.ToJsonString(), "Content-Type: application/json");
    }
}
