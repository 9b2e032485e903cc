using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Amove.CloudAccounts.Api.Tests.Connectors.OneDrive;

/// <summary>
/// Microsoft Graph's OneDrive endpoints and the Microsoft identity platform's token endpoint, as documented, on 127.0.0.1:
/// <c>GET /v1.0/me/drive</c>, <c>GET /v1.0/me/drives</c>, <c>GET /v1.0/drives/{drive-id}/items/{item-id}/children</c>
/// (and <c>/root/children</c>) with <c>$top</c>, <c>$select</c> and <c>@odata.nextLink</c>, Graph's
/// <c>{"error":{"code","message"}}</c> answers, and <c>POST /common/oauth2/v2.0/token</c>, which rotates the refresh token
/// as Microsoft does. Each user (an access token) has drives of items in memory. Every request is recorded.
/// </summary>
public sealed class FakeOneDrive : IAsyncDisposable
{
    public const string TokenPath = "/common/oauth2/v2.0/token";
    public const string AuthorizePath = "/common/oauth2/v2.0/authorize";
    public const string ClientId = "amove-onedrive-client";
    public const string ClientSecret = "amove-onedrive-secret";
    public const int DefaultPageSize = 200;

    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, FakeGraphUser> _byAccessToken = new();
    private readonly ConcurrentDictionary<string, FakeGraphUser> _byRefreshToken = new();
    private readonly ConcurrentQueue<RecordedGraphRequest> _requests = new();
    private int _tokenCount;

    public Uri Url { get; private set; } = null!;

    public Uri TokenUrl => new(Url, TokenPath);

    public Uri AuthorizeUrl => new(Url, AuthorizePath);

    /// <summary>The Microsoft identity platform's authorization-code grant (PKCE S256) and its code exchange at the token endpoint.</summary>
    public FakeAuthorizationServer Authorization { get; } = new(ClientId, ClientSecret, supportsPkce: true);

    public IReadOnlyList<RecordedGraphRequest> Requests => [.. _requests];

    /// <summary>Answers the next <c>n</c> Graph calls (not token calls) with this status and error code, then serves again.</summary>
    public ConcurrentQueue<(int Status, string Code, string? RetryAfter)> Failures { get; } = new();

    /// <summary>When set, every listing page's nextLink is rewritten to point at this base instead (a misbehaving Graph).</summary>
    public string? NextLinkBase { get; set; }

    public static async Task<FakeOneDrive> StartAsync()
    {
        var fake = new FakeOneDrive();
        (fake._app, fake.Url) = await FakeProviderServer.StartAsync(fake.MapRoutes);
        return fake;
    }

    /// <summary>A new user with tokens of their own and no drives yet.</summary>
    public FakeGraphUser AddUser()
    {
        var user = new FakeGraphUser(NewToken("access"), NewToken("refresh"));
        _byAccessToken[user.AccessToken] = user;
        _byRefreshToken[user.RefreshToken] = user;
        return user;
    }

    /// <summary>Graph stops accepting the user's access token (revoked, or ended before its announced expiry).</summary>
    public void RevokeAccessToken(FakeGraphUser user) => _byAccessToken.TryRemove(user.AccessToken, out _);

    /// <summary>The requests sent to <paramref name="pathPrefix"/> (e.g. "/v1.0/drives/"), in order.</summary>
    public IReadOnlyList<RecordedGraphRequest> RequestsTo(string pathPrefix) =>
        [.. _requests.Where(request => request.Path.StartsWith(pathPrefix, StringComparison.Ordinal))];

    /// <summary>The token response Microsoft gives <paramref name="user"/> for an approved authorization.</summary>
    public static JsonObject Grant(FakeGraphUser user) => JsonNode.Parse(user.TokenResponse())!.AsObject();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private string NewToken(string kind) =>
        $"fake-{kind}-{Interlocked.Increment(ref _tokenCount).ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";

    private void MapRoutes(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            _requests.Enqueue(new RecordedGraphRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.Authorization.ToString(),
                body));
            await next(context);
        });

        Authorization.MapAuthorize(app, AuthorizePath);
        app.MapPost(TokenPath, async context =>
        {
            var form = await context.Request.ReadFormAsync();
            if (Authorization.TryExchange(form, context.Request.Headers.Authorization) is { } exchanged)
            {
                await exchanged.ExecuteAsync(context);
                return;
            }

            if (form["grant_type"] != "refresh_token" || !_byRefreshToken.TryRemove(form["refresh_token"].ToString(), out var user))
            {
                await WriteAsync(context, 400, new JsonObject
                {
                    ["error"] = "invalid_grant",
                    ["error_description"] = "AADSTS70000: The provided value for the 'refresh_token' is not valid.",
                });
                return;
            }

            // Microsoft rotates the refresh token: the old one is spent.
            _byAccessToken.TryRemove(user.AccessToken, out _);
            user.AccessToken = NewToken("access");
            user.RefreshToken = NewToken("refresh");
            user.Refreshes++;
            _byAccessToken[user.AccessToken] = user;
            _byRefreshToken[user.RefreshToken] = user;
            await WriteAsync(context, 200, new JsonObject
            {
                ["token_type"] = "Bearer",
                ["scope"] = "Files.Read offline_access",
                ["expires_in"] = 3600,
                ["access_token"] = user.AccessToken,
                ["refresh_token"] = user.RefreshToken,
            });
        });

        app.MapGet("/v1.0/me/drive", context => Authorized(context, (user, ct) =>
            user.Drives.FirstOrDefault(drive => drive.IsOwn) is { } own
                ? WriteAsync(context, 200, own.ToJson())
                : WriteErrorAsync(context, 404, "itemNotFound", "The user's OneDrive could not be found.")));

        app.MapGet("/v1.0/me/drives", context => Authorized(context, (user, ct) => WriteAsync(context, 200, new JsonObject
        {
            ["@odata.context"] = new Uri(Url, "v1.0/$metadata#drives").ToString(),
            ["value"] = new JsonArray([.. user.Drives.Where(drive => drive.InMyDrives).Select(drive => (JsonNode)drive.ToJson())]),
        })));

        app.MapGet("/v1.0/drives/{driveId}/root/children", (HttpContext context, string driveId) =>
            Authorized(context, (user, ct) => ChildrenAsync(context, user, driveId, "root")));
        app.MapGet("/v1.0/drives/{driveId}/items/{itemId}/children", (HttpContext context, string driveId, string itemId) =>
            Authorized(context, (user, ct) => ChildrenAsync(context, user, driveId, itemId)));
    }

    private async Task Authorized(HttpContext context, Func<FakeGraphUser, CancellationToken, Task> answer)
    {
        if (Failures.TryDequeue(out var failure))
        {
            if (failure.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await WriteErrorAsync(context, failure.Status, failure.Code, $"Fake failure {failure.Code}.");
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            || !_byAccessToken.TryGetValue(authorization["Bearer ".Length..], out var user))
        {
            await WriteErrorAsync(context, 401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
            return;
        }

        await answer(user, context.RequestAborted);
    }

    private Task ChildrenAsync(HttpContext context, FakeGraphUser user, string driveId, string itemId)
    {
        var drive = user.Drives.FirstOrDefault(d => d.Id == driveId);
        var folderId = itemId == "root" ? FakeDrive.RootId : itemId;
        if (drive is null || !drive.Items.TryGetValue(folderId, out var folder) || !folder.IsFolder || folder.Deleted)
        {
            return WriteErrorAsync(context, 404, "itemNotFound", "The resource could not be found.");
        }

        var query = context.Request.Query;
        var top = query.TryGetValue("$top", out var topText) ? int.Parse(topText!, CultureInfo.InvariantCulture) : DefaultPageSize;
        var skip = query.TryGetValue("$skiptoken", out var skipText) ? int.Parse(skipText!, CultureInfo.InvariantCulture) : 0;
        var children = drive.Items.Values.Where(item => item.ParentId == folderId)
            .OrderBy(item => item.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var page = children.Skip(skip).Take(top).ToList();
        var body = new JsonObject
        {
            ["@odata.context"] = new Uri(Url, $"v1.0/$metadata#drives('{driveId}')/items('{itemId}')/children").ToString(),
            ["value"] = new JsonArray([.. page.Select(item => (JsonNode)item.ToJson(driveId))]),
        };
        if (skip + page.Count < children.Count)
        {
            var nextBase = NextLinkBase ?? Url.ToString();
            body["@odata.nextLink"] = $"{nextBase.TrimEnd('/')}{context.Request.Path}?$top={top}"
                + (query.TryGetValue("$select", out var select) ? $"&$select={select}" : "")
                + $"&$skiptoken={skip + page.Count}";
        }

        return WriteAsync(context, 200, body);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteAsync(context, status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject { ["date"] = "2026-12-01T12:00:00", ["request-id"] = Guid.NewGuid().ToString() },
            },
        });

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}

/// <param name="Authorization">The Authorization header as sent.</param>
public sealed record RecordedGraphRequest(string Method, string Path, string Query, string Authorization, string Body);

/// <summary>One user of the fake: their current tokens and drives.</summary>
public sealed class FakeGraphUser(string accessToken, string refreshToken)
{
    public string AccessToken { get; set; } = accessToken;

    public string RefreshToken { get; set; } = refreshToken;

    public int Refreshes { get; set; }

    public List<FakeDrive> Drives { get; } = [];

    /// <summary>A drive with a file (content "hello", 5 bytes) at each path; folders are implied.</summary>
    /// <param name="id">The drive's id; a new personal-style one (16 hex digits) when null.</param>
    public FakeDrive AddDrive(string name, IEnumerable<string> paths, bool isOwn = true, bool inMyDrives = true, string? id = null)
    {
        var drive = new FakeDrive(id ?? FakeDrive.NewId(), name, isOwn, inMyDrives);
        foreach (var path in paths)
        {
            drive.AddFile(path, 5);
        }

        Drives.Add(drive);
        return drive;
    }

    /// <summary>The token response Microsoft gave for this user, as an account's <c>credentialsData</c>.</summary>
    public string TokenResponse(int expiresIn = 3600) => new JsonObject
    {
        ["token_type"] = "Bearer",
        ["scope"] = "Files.Read offline_access",
        ["expires_in"] = expiresIn,
        ["access_token"] = AccessToken,
        ["refresh_token"] = RefreshToken,
    }.ToJsonString();
}

public sealed class FakeDrive(string id, string name, bool isOwn, bool inMyDrives)
{
    public const string RootId = "root-item";
    private static int _items;

    public string Id { get; } = id;

    public string Name { get; } = name;

    public bool IsOwn { get; } = isOwn;

    public bool InMyDrives { get; } = inMyDrives;

    public ConcurrentDictionary<string, FakeItem> Items { get; } = new(
        [new(RootId, new FakeItem(RootId, "root", ParentId: null, IsFolder: true, Size: 0))]);

    // Personal OneDrive's shapes: a 16-digit hex drive id, item ids "<DRIVE ID>!<number>".
    public static string NewId() => Guid.NewGuid().ToString("N")[..16];

    public FakeItem AddFile(string path, long size, bool deleted = false)
    {
        var parentId = RootId;
        var segments = path.Split('/');
        foreach (var folder in segments[..^1])
        {
            parentId = Items.Values.FirstOrDefault(item => item.ParentId == parentId && item.Name == folder && item.IsFolder)?.Id
                ?? Add(new FakeItem(NewItemId(), folder, parentId, IsFolder: true, Size: 0)).Id;
        }

        return Add(new FakeItem(NewItemId(), segments[^1], parentId, IsFolder: false, Size: size) { Deleted = deleted });
    }

    public FakeItem ItemAt(string path)
    {
        var parentId = RootId;
        FakeItem? found = null;
        foreach (var segment in path.Trim('/').Split('/'))
        {
            found = Items.Values.Single(item => item.ParentId == parentId && item.Name == segment);
            parentId = found.Id;
        }

        return found!;
    }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["driveType"] = "personal",
        ["createdDateTime"] = "2024-03-01T09:30:00Z",
        ["owner"] = new JsonObject { ["user"] = new JsonObject { ["displayName"] = "Test User" } },
    };

    private string NewItemId() => $"{Id.ToUpperInvariant()}!{Interlocked.Increment(ref _items).ToString(CultureInfo.InvariantCulture)}";

    private FakeItem Add(FakeItem item)
    {
        Items[item.Id] = item;
        return item;
    }
}

public sealed record FakeItem(string Id, string Name, string? ParentId, bool IsFolder, long Size)
{
    public bool Deleted { get; set; }

    public DateTimeOffset LastModified { get; init; } = new(2026, 11, 30, 8, 15, 0, TimeSpan.Zero);

    /// <summary>A driveItem as Graph sends it: a <c>folder</c> or <c>file</c> facet, and <c>deleted</c> once it is.</summary>
    public JsonObject ToJson(string driveId)
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["name"] = Name,
            ["size"] = Size,
            ["lastModifiedDateTime"] = LastModified.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["parentReference"] = new JsonObject { ["driveId"] = driveId, ["id"] = ParentId },
        };
        if (IsFolder)
        {
            json["folder"] = new JsonObject { ["childCount"] = 0 };
        }
        else
        {
            json["file"] = new JsonObject { ["mimeType"] = "application/octet-stream" };
        }

        if (Deleted)
        {
            json["deleted"] = new JsonObject { ["state"] = "deleted" };
        }

        return json;
    }
}
