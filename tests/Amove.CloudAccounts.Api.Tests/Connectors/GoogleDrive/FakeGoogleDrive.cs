using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Amove.CloudAccounts.Api.Tests.Connectors.GoogleDrive;

/// <summary>
/// A Google Drive API v3 stand-in on a local Kestrel port, answering the documented requests the connector makes:
/// <c>GET /drive/v3/about</c>, <c>/drive/v3/drives</c>, <c>/drive/v3/drives/{id}</c>, <c>/drive/v3/files</c> (with
/// <c>q="'&lt;id&gt;' in parents and trashed = false"</c>) and <c>/drive/v3/files/{id}</c>, and the token endpoint
/// (<c>POST /token</c>, refresh grant; Google keeps the refresh token). Each user has an in-memory My Drive and shared
/// drives; every request is recorded so tests can assert what the connector sent. Behaves as Drive does where it matters:
/// the children of a deleted folder or of a file are an empty list, not a 404; shared-drive items are only listed with
/// <c>includeItemsFromAllDrives=true</c> and <c>supportsAllDrives=true</c>; trashed items are listed unless the query
/// says <c>trashed = false</c>; sizes are strings and Google Docs have none.
/// </summary>
public sealed partial class FakeGoogleDrive : IAsyncDisposable
{
    public const string ClientId = "fake-drive-client.apps.googleusercontent.com";
    public const string ClientSecret = "fake-drive-client-secret";
    public const string FolderMimeType = "application/vnd.google-apps.folder";
    public const string DocumentMimeType = "application/vnd.google-apps.document";

    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, DriveUser> _byAccessToken = new();
    private readonly ConcurrentDictionary<string, DriveUser> _byRefreshToken = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<CannedFailure> _failures = new();
    private int _tokenRequests;

    public Uri Url { get; private set; } = null!;

    /// <summary>The settings that point the API's Google Drive connector here.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connectors:GoogleDrive:ApiBaseUrl"] = Url.ToString().TrimEnd('/'),
        ["Connectors:GoogleDrive:TokenUrl"] = new Uri(Url, "token").ToString(),
        ["Connectors:GoogleDrive:AuthorizeUrl"] = new Uri(Url, "o/oauth2/v2/auth").ToString(),
        ["Connectors:GoogleDrive:ClientId"] = ClientId,
        ["Connectors:GoogleDrive:ClientSecret"] = ClientSecret,
    };

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Google's authorization-code grant (<c>/o/oauth2/v2/auth</c>, PKCE S256) and its code exchange at <c>/token</c>.</summary>
    public FakeAuthorizationServer Authorization { get; } = new(ClientId, ClientSecret, supportsPkce: true);

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Requests to <c>/drive/v3/&lt;resource&gt;</c> (e.g. "files", "drives", "about") made with <paramref name="user"/>'s tokens.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string resource, DriveUser? user = null) =>
        [.. _requests.Where(request => request.Path == $"/drive/v3/{resource}"
            && (user is null || user.AccessTokens.Contains(request.BearerToken ?? "")))];

    public static FakeGoogleDrive Start()
    {
        var fake = new FakeGoogleDrive();
        (fake._app, fake.Url) = FakeProviderServer.StartAsync(fake.Map).GetAwaiter().GetResult();
        return fake;
    }

    /// <summary>A new user with an empty My Drive and a valid access token.</summary>
    public DriveUser AddUser()
    {
        var user = new DriveUser(this);
        _byAccessToken[user.AccessToken] = user;
        _byRefreshToken[user.RefreshToken] = user;
        return user;
    }

    /// <summary>The next <paramref name="times"/> API calls (not token refreshes) are answered with Drive's error shape.</summary>
    public void FailNext(int status, string reason, string message, int times = 1, string? retryAfter = null)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue(new CannedFailure(status, reason, message, retryAfter));
        }
    }

    /// <summary>The token response Google gives <paramref name="user"/> for an approved authorization: a new access token and the refresh token.</summary>
    public JsonObject Grant(DriveUser user)
    {
        var accessToken = user.IssueAccessToken();
        _byAccessToken[accessToken] = user;
        return new JsonObject
        {
            ["access_token"] = accessToken,
            ["expires_in"] = 3599,
            ["refresh_token"] = user.RefreshToken,
            ["scope"] = "https://www.googleapis.com/auth/drive.readonly",
            ["token_type"] = "Bearer",
        };
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    internal void Forget(string accessToken) => _byAccessToken.TryRemove(accessToken, out _);

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            _requests.Enqueue(await RecordedRequest.OfAsync(context.Request));
            if (context.Request.Path.StartsWithSegments("/drive/v3") && _failures.TryDequeue(out var failure))
            {
                if (failure.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = failure.RetryAfter;
                }

                await Error(failure.Status, failure.Reason, failure.Message).ExecuteAsync(context);
                return;
            }

            await next(context);
        });

        app.MapPost("/token", Refresh);
        Authorization.MapAuthorize(app, "/o/oauth2/v2/auth");
        app.MapGet("/drive/v3/about", (HttpRequest request) => WithUser(request, user => Results.Json(new JsonObject
        {
            ["kind"] = "drive#about",
            ["user"] = new JsonObject { ["kind"] = "drive#user", ["displayName"] = "Fake User", ["emailAddress"] = user.Email, ["me"] = true },
        })));
        app.MapGet("/drive/v3/drives", (HttpRequest request) => WithUser(request, user => ListDrives(request, user)));
        app.MapGet("/drive/v3/drives/{id}", (HttpRequest request, string id) => WithUser(request, user =>
            user.SharedDrives.TryGetValue(id, out var drive)
                ? Results.Json(new JsonObject { ["kind"] = "drive#drive", ["id"] = drive.Id, ["name"] = drive.Name })
                : Error(404, "notFound", $"Shared drive not found: {id}")));
        app.MapGet("/drive/v3/files", (HttpRequest request) => WithUser(request, user => ListFiles(request, user)));
        app.MapGet("/drive/v3/files/{id}", (HttpRequest request, string id) => WithUser(request, user => GetFile(request, user, id)));
    }

    private async Task<IResult> Refresh(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (Authorization.TryExchange(form, request.Headers.Authorization) is { } exchanged)
        {
            return exchanged;
        }

        Interlocked.Increment(ref _tokenRequests);
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_client", ["error_description"] = "The OAuth client was not found." }, statusCode: 401);
        }

        if (form["grant_type"] != "refresh_token" || !_byRefreshToken.TryGetValue(form["refresh_token"].ToString(), out var user))
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "Token has been expired or revoked." }, statusCode: 400);
        }

        var accessToken = user.IssueAccessToken();
        _byAccessToken[accessToken] = user;
        return Results.Json(new JsonObject
        {
            ["access_token"] = accessToken,
            ["expires_in"] = 3599,
            ["scope"] = "https://www.googleapis.com/auth/drive.readonly",
            ["token_type"] = "Bearer",
        });
    }

    private IResult WithUser(HttpRequest request, Func<DriveUser, IResult> answer)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && _byAccessToken.TryGetValue(header["Bearer ".Length..], out var user)
            ? answer(user)
            : Error(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
    }

    private static IResult ListDrives(HttpRequest request, DriveUser user)
    {
        var pageSize = int.TryParse(request.Query["pageSize"], CultureInfo.InvariantCulture, out var size) ? size : 10;
        if (pageSize is < 1 or > 100)
        {
            return Error(400, "invalid", $"Invalid value '{pageSize}'. Values must be within the range: [1, 100]");
        }

        var offset = OffsetOf(request.Query["pageToken"]);
        var drives = user.SharedDrives.Values.OrderBy(drive => drive.Order).ToList();
        var page = drives.Skip(offset).Take(pageSize).ToList();
        var body = new JsonObject
        {
            ["kind"] = "drive#driveList",
            ["drives"] = new JsonArray([.. page.Select(drive => (JsonNode)new JsonObject
            {
                ["kind"] = "drive#drive",
                ["id"] = drive.Id,
                ["name"] = drive.Name,
                ["createdTime"] = drive.CreatedTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            })]),
        };
        if (offset + page.Count < drives.Count)
        {
            body["nextPageToken"] = TokenOf(offset + page.Count);
        }

        return Results.Json(body);
    }

    private static IResult ListFiles(HttpRequest request, DriveUser user)
    {
        var query = request.Query;
        var pageSize = int.TryParse(query["pageSize"], CultureInfo.InvariantCulture, out var size) ? size : 100;
        if (pageSize is < 1 or > 1000)
        {
            return Error(400, "invalid", $"Invalid value '{pageSize}'. Values must be within the range: [1, 1000]");
        }

        var q = ParentQuery().Match(query["q"].ToString());
        if (!q.Success)
        {
            return Error(400, "invalid", "Invalid Value");
        }

        var allDrives = query["supportsAllDrives"] == "true" && query["includeItemsFromAllDrives"] == "true";
        string? driveId = null;
        if (query["corpora"] == "drive")
        {
            driveId = query["driveId"];
            if (string.IsNullOrEmpty(driveId) || !allDrives)
            {
                return Error(403, "teamDriveIdRequiresTeamDriveSupport", "The driveId parameter is only supported with supportsAllDrives and includeItemsFromAllDrives.");
            }

            if (!user.SharedDrives.ContainsKey(driveId))
            {
                return Error(404, "notFound", $"Shared drive not found: {driveId}");
            }
        }

        var parentId = user.Resolve(q.Groups["parent"].Value);
        var leaveOutTrashed = q.Groups["trashed"].Success;

        // Drive sorts folders first for orderBy=folder; without an order the fake answers in the order items were made.
        var children = user.Items.Values
            .Where(item => item.ParentId == parentId && !(leaveOutTrashed && item.Trashed))
            .Where(item => item.DriveId is null ? driveId is null : allDrives && (driveId is null || item.DriveId == driveId))
            .OrderBy(item => query["orderBy"].ToString().StartsWith("folder", StringComparison.Ordinal) && item.IsFolder ? 0 : 1)
            .ThenBy(item => query["orderBy"].ToString().Contains("name", StringComparison.Ordinal) ? item.Name : "", StringComparer.Ordinal)
            .ThenBy(item => item.Order)
            .ToList();

        var offset = OffsetOf(query["pageToken"]);
        var take = user.PagePlan.TryDequeue(out var planned) ? Math.Min(planned, pageSize) : pageSize;
        var page = children.Skip(offset).Take(take).ToList();
        var body = new JsonObject
        {
            ["kind"] = "drive#fileList",
            ["incompleteSearch"] = false,
            ["files"] = new JsonArray([.. page.Select(item => (JsonNode)item.ToJson())]),
        };
        if (offset + page.Count < children.Count)
        {
            body["nextPageToken"] = TokenOf(offset + page.Count);
        }

        return Results.Json(body);
    }

    private static IResult GetFile(HttpRequest request, DriveUser user, string id)
    {
        var resolved = user.Resolve(id);
        return user.Items.TryGetValue(resolved, out var item) && (item.DriveId is null || request.Query["supportsAllDrives"] == "true")
            ? Results.Json(item.ToJson())
            : Error(404, "notFound", $"File not found: {id}.");
    }

    private static IResult Error(int status, string reason, string message) => Results.Json(
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["message"] = message,
                ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason }),
            },
        },
        statusCode: status);

    // Opaque to the client, as Drive's are.
    private static string TokenOf(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}"));

    private static int OffsetOf(string? token) =>
        string.IsNullOrEmpty(token) ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token))["offset:".Length..], CultureInfo.InvariantCulture);

    [GeneratedRegex("^'(?<parent>[^'\\\\]+)' in parents(?<trashed> and trashed = false)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ParentQuery();

    private sealed record CannedFailure(int Status, string Reason, string Message, string? RetryAfter);
}

/// <summary>One request as the fake received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? BearerToken, IReadOnlyDictionary<string, string> Form)
{
    public static async Task<RecordedRequest> OfAsync(HttpRequest request)
    {
        var form = new Dictionary<string, string>();
        if (request.HasFormContentType)
        {
            request.EnableBuffering();
            foreach (var (name, value) in await request.ReadFormAsync())
            {
                form[name] = value.ToString();
            }

            request.Body.Position = 0;
        }

        var authorization = request.Headers.Authorization.ToString();
        return new RecordedRequest(
            request.Method,
            request.Path.Value ?? "",
            request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()),
            authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null,
            form);
    }
}

/// <summary>One Drive user: My Drive, shared drives, tokens, and how the fake pages their listings.</summary>
public sealed class DriveUser
{
    private readonly FakeGoogleDrive _drive;
    private readonly ConcurrentBag<string> _accessTokens = [];
    private int _order;

    internal DriveUser(FakeGoogleDrive drive)
    {
        _drive = drive;
        RefreshToken = $"1//refresh-{Guid.NewGuid():N}";
        AccessToken = IssueAccessToken();
        MyDrive = new DriveItem($"0AmyDrive{Guid.NewGuid():N}", "My Drive", FakeGoogleDrive.FolderMimeType, null, null, null, Next());
        Items[MyDrive.Id] = MyDrive;
    }

    public string Email { get; } = $"{Guid.NewGuid():N}@drive.test";

    /// <summary>The latest access token issued.</summary>
    public string AccessToken { get; private set; }

    public string RefreshToken { get; }

    public IReadOnlyCollection<string> AccessTokens => _accessTokens;

    public DriveItem MyDrive { get; }

    public ConcurrentDictionary<string, DriveItem> Items { get; } = new();

    public ConcurrentDictionary<string, SharedDriveEntry> SharedDrives { get; } = new();

    /// <summary>
    /// How many entries each coming files.list answer holds at most, whatever pageSize asked (Drive may answer short or
    /// empty pages before the end); when empty, pageSize is honoured.
    /// </summary>
    public ConcurrentQueue<int> PagePlan { get; } = new();

    /// <summary>The insert body's <c>credentialsData</c>: Google's token answer.</summary>
    public string TokenResponse(int expiresIn = 3599) => new JsonObject
    {
        ["access_token"] = AccessToken,
        ["expires_in"] = expiresIn,
        ["refresh_token"] = RefreshToken,
        ["scope"] = "https://www.googleapis.com/auth/drive.readonly",
        ["token_type"] = "Bearer",
    }.ToJsonString();

    public SharedDriveEntry AddSharedDrive(string name)
    {
        var drive = new SharedDriveEntry($"0AD{Guid.NewGuid():N}"[..19], name, new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), Next());
        SharedDrives[drive.Id] = drive;
        Items[drive.Id] = new DriveItem(drive.Id, name, FakeGoogleDrive.FolderMimeType, null, null, ParentId: null, drive.Order) { DriveId = drive.Id };
        return drive;
    }

    /// <summary>The root folder of <paramref name="drive"/>, or My Drive's when null.</summary>
    public DriveItem RootOf(SharedDriveEntry? drive) => drive is null ? MyDrive : Items[drive.Id];

    public DriveItem AddFolder(DriveItem parent, string name) => Add(parent, name, FakeGoogleDrive.FolderMimeType, null);

    public DriveItem AddFile(DriveItem parent, string name, long? size = 5, string mimeType = "text/plain", DateTimeOffset? modified = null) =>
        Add(parent, name, mimeType, size, modified);

    /// <summary>A file with content "hello" at <paramref name="path"/> under <paramref name="root"/>, its folders made as needed.</summary>
    public DriveItem AddPath(DriveItem root, string path)
    {
        var segments = path.Split('/');
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = Items.Values.SingleOrDefault(item => item.ParentId == parent.Id && item.Name == segment && item.IsFolder)
                ?? AddFolder(parent, segment);
        }

        return AddFile(parent, segments[^1]);
    }

    public void Trash(DriveItem item) => Items[item.Id] = item with { Trashed = true };

    /// <summary>Deletes <paramref name="item"/> for good (not to the trash), with what is in it.</summary>
    public void Delete(DriveItem item)
    {
        Items.TryRemove(item.Id, out _);
        foreach (var child in Items.Values.Where(child => child.ParentId == item.Id).ToList())
        {
            Delete(child);
        }
    }

    public void DeleteSharedDrive(SharedDriveEntry drive)
    {
        SharedDrives.TryRemove(drive.Id, out _);
        Delete(Items[drive.Id]);
    }

    /// <summary>Makes the current access token one Drive no longer accepts (expired or revoked).</summary>
    public void RevokeAccessToken() => _drive.Forget(AccessToken);

    internal string Resolve(string id) => id == "root" ? MyDrive.Id : id;

    internal string IssueAccessToken()
    {
        AccessToken = $"ya29.fake-{Guid.NewGuid():N}";
        _accessTokens.Add(AccessToken);
        return AccessToken;
    }

    private DriveItem Add(DriveItem parent, string name, string mimeType, long? size, DateTimeOffset? modified = null)
    {
        var item = new DriveItem(
            Guid.NewGuid().ToString("N") + "xyzXYZ_-", name, mimeType, size, modified ?? new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), parent.Id, Next())
        {
            DriveId = parent.DriveId,
        };
        Items[item.Id] = item;
        return item;
    }

    private int Next() => Interlocked.Increment(ref _order);
}

public sealed record SharedDriveEntry(string Id, string Name, DateTimeOffset CreatedTime, int Order);

/// <summary>A file or folder; <see cref="DriveId"/> is the shared drive it is in, null in My Drive.</summary>
public sealed record DriveItem(string Id, string Name, string MimeType, long? Size, DateTimeOffset? Modified, string? ParentId, int Order)
{
    public string? DriveId { get; init; }

    public bool Trashed { get; init; }

    public bool IsFolder => MimeType == FakeGoogleDrive.FolderMimeType;

    /// <summary>As Drive answers a file: int64 values as strings, no size for folders and Google Docs.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["kind"] = "drive#file", ["id"] = Id, ["name"] = Name, ["mimeType"] = MimeType, ["trashed"] = Trashed };
        if (Size is { } size)
        {
            json["size"] = size.ToString(CultureInfo.InvariantCulture);
        }

        if (Modified is { } modified)
        {
            json["modifiedTime"] = modified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        }

        if (DriveId is not null)
        {
            json["driveId"] = DriveId;
        }

        return json;
    }
}
