using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.Frame;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Contract;

/// <summary>The connector contract for Frame.io, against <see cref="FakeFrame"/>.</summary>
[Collection(ApiCollection.Name)]
public sealed class FrameConnectorContract(CloudAccountsApiFactory api)
    : ConnectorContract<FrameContractFixture>(api, new FrameContractFixture());

public sealed class FrameContractFixture : IConnectorContractFixture
{
    private readonly FakeFrame _frame = FakeFrame.Shared;
    private FakeFrame.User? _user;

    public CloudProvider Provider => CloudProvider.Frame;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connectors:Frame:ApiBaseUrl"] = _frame.Url.ToString(),
        ["Connectors:Frame:TokenUrl"] = _frame.TokenUrl.ToString(),
    };

    private FakeFrame.User User => _user ??= _frame.AddUser();

    public static object AccountWith(FrameTokens tokens, string name, int expiresIn = 86399) => new
    {
        cloudType = (int)CloudProvider.Frame,
        name,
        credentialsData = new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["refresh_token"] = tokens.RefreshToken,
            ["token_type"] = "bearer",
            ["expires_in"] = expiresIn,
        }.ToJsonString(),
    };

    public object Account(string name, bool wrongCredentials = false) =>
        AccountWith(wrongCredentials ? new FrameTokens("not-an-ims-token", "not-an-ims-refresh-token") : User.Tokens, name);

    public object AccountAt(LoopbackHttpServer server, string name) => AccountWith(new FrameTokens("ims-access", "ims-refresh"), name);

    public IReadOnlyDictionary<string, string?> SettingsToReach(LoopbackHttpServer server) => new Dictionary<string, string?>
    {
        ["Connectors:Frame:ApiBaseUrl"] = server.Url.ToString(),
        ["Connectors:Frame:TokenUrl"] = new Uri(server.Url, "ims/token/v3").ToString(),
    };

    public Task<string> CreateBucketAsync(IEnumerable<string> paths)
    {
        var name = $"Contract {Guid.NewGuid():N}"[..17];
        User.Accounts[0].AddProject(name, paths);
        return Task.FromResult(name);
    }

    // Every page of a folder is a GET .../folders/{id}/children; nothing else has that segment.
    public string ListingPathSegment(string bucket) => "children";

    public string MissingFolderId => $"{User.Accounts[0].Id}/{Guid.NewGuid()}";

    public string OversizedAnswer(HttpRequestHead request, int entries)
    {
        JsonObject body;
        if (request.RequestLine.Contains("/children", StringComparison.Ordinal))
        {
            body = Page([.. Enumerable.Range(0, entries).Select(i => (JsonNode)new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["type"] = "file",
                ["name"] = $"file-{i}.bin",
                ["file_size"] = 1,
                ["updated_at"] = "2026-12-01T12:00:00.000000Z",
            })]);
        }
        else if (request.RequestLine.Contains("/v4/accounts", StringComparison.Ordinal))
        {
            // The user's one account, in which a bare folder id is looked for.
            body = Page([new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["display_name"] = "Studio" }]);
        }
        else
        {
            body = new JsonObject { ["data"] = new JsonObject { ["id"] = "user" } };
        }

        return LoopbackHttpServer.HttpResponse(200, "OK", body.ToJsonString(), "Content-Type: application/json");
    }

    private static JsonObject Page(JsonArray data) => new()
    {
        ["data"] = data,
        ["links"] = new JsonObject { ["next"] = null },
        ["total_count"] = data.Count,
    };
}
