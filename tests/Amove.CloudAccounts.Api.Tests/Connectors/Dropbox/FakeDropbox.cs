using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Dropbox;

/// <summary>
/// A fake of Dropbox API v2 as a small Kestrel app on 127.0.0.1: the RPC routes the connector calls
/// (<c>users/get_current_account</c>, <c>files/list_folder</c> and <c>files/list_folder/continue</c>) and the OAuth token
/// endpoint's refresh, answering in Dropbox's documented wire format (401 <c>expired_access_token</c>, 409
/// <c>path/not_found</c>, 400 <c>invalid_grant</c>). Each user has an in-memory tree (and optionally a team space), reached
/// by the user's current access tokens. Every request is recorded with its headers and body, so tests assert what the
/// connector sent; <see cref="FakeDropboxUser.Intercept"/> lets a test answer a user's API calls itself.
/// </summary>
public sealed class FakeDropbox : IAsyncDisposable
{
    public const string ClientId = "fake-dropbox-app-key";
    public const string ClientSecret = "fake-dropbox-app-secret";

    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, FakeDropboxUser> _byAccessToken = new();
    private readonly ConcurrentDictionary<string, FakeDropboxUser> _byRefreshToken = new();
    private readonly ConcurrentDictionary<string, (FakeDropboxNode Folder, string? Namespace, int Offset, int Limit)> _cursors = new();
    private long _nextId;

    public Uri Url { get; private set; } = null!;

    public string TokenUrl => new Uri(Url, "oauth2/token").ToString();

    /// <summary>Dropbox's authorization-code grant (<c>/oauth2/authorize</c>, PKCE S256) and its code exchange at the token endpoint.</summary>
    public FakeAuthorizationServer Authorization { get; } = new(ClientId, ClientSecret, supportsPkce: true);

    /// <summary>What the connector must be configured with to reach this fake.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connectors:Dropbox:ApiBaseUrl"] = Url.ToString().TrimEnd('/'),
        ["Connectors:Dropbox:TokenUrl"] = TokenUrl,
        ["Connectors:Dropbox:AuthorizeUrl"] = new Uri(Url, "oauth2/authorize").ToString(),
        ["Connectors:Dropbox:ClientId"] = ClientId,
        ["Connectors:Dropbox:ClientSecret"] = ClientSecret,
    };

    public static async Task<FakeDropbox> StartAsync()
    {
        var fake = new FakeDropbox();
        (fake._app, fake.Url) = await FakeProviderServer.StartAsync(app =>
        {
            app.MapPost("/oauth2/token", fake.TokenAsync);
            fake.Authorization.MapAuthorize(app, "/oauth2/authorize");
            app.MapPost("/2/users/get_current_account", context => fake.ApiAsync(context, fake.CurrentAccount));
            app.MapPost("/2/files/list_folder", context => fake.ApiAsync(context, fake.ListFolder));
            app.MapPost("/2/files/list_folder/continue", context => fake.ApiAsync(context, fake.ListFolderContinue));
        });
        return fake;
    }

    /// <summary>A new user whose home holds a file ("hello", 5 bytes) at each of <paramref name="paths"/>.</summary>
    /// <param name="teamSpacePaths">Files of the team space, for a user in a team with one; null for none.</param>
    public FakeDropboxUser CreateUser(IEnumerable<string> paths, IEnumerable<string>? teamSpacePaths = null, string? teamName = null)
    {
        var user = new FakeDropboxUser(this, NewNamespaceId(), NewFolder(""), teamSpacePaths is null ? null : NewNamespaceId(), teamName);
        foreach (var path in paths)
        {
            AddFile(user.Home, path);
        }

        if (teamSpacePaths is not null)
        {
            user.TeamSpace = NewFolder("");
            foreach (var path in teamSpacePaths)
            {
                AddFile(user.TeamSpace, path);
            }
        }

        Issue(user);
        _byRefreshToken[user.RefreshToken] = user;
        return user;
    }

    /// <summary>Marks the entry at <paramref name="path"/> deleted (Dropbox lists these only with <c>include_deleted</c>).</summary>
    public void Delete(FakeDropboxUser user, string path)
    {
        var node = user.Home.Find(path) ?? throw new ArgumentException($"No {path}.");
        node.Deleted = true;
    }

    /// <summary>Gives <paramref name="user"/> a new access token; the previous ones answer 401 <c>expired_access_token</c>.</summary>
    public string Issue(FakeDropboxUser user)
    {
        var token = $"sl.fake-{Guid.NewGuid():N}";
        foreach (var old in user.AccessTokens)
        {
            user.Expired.Add(old);
        }

        user.AccessTokens.Clear();
        user.AccessTokens.Add(token);
        _byAccessToken[token] = user;
        return token;
    }

    /// <summary>The token response Dropbox gives <paramref name="user"/> for an approved authorization: a new access token, the refresh token.</summary>
    public JsonObject Grant(FakeDropboxUser user) => new()
    {
        ["access_token"] = Issue(user),
        ["token_type"] = "bearer",
        ["expires_in"] = user.ExpiresIn,
        ["refresh_token"] = user.RefreshToken,
        ["scope"] = "account_info.read files.metadata.read",
        ["account_id"] = "dbid:fake",
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private string NewNamespaceId() => (1_000_000 + Interlocked.Increment(ref _nextId)).ToString(CultureInfo.InvariantCulture);

    private FakeDropboxNode NewFolder(string name) => new($"id:fake{Interlocked.Increment(ref _nextId)}", name, IsFolder: true);

    private void AddFile(FakeDropboxNode root, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var folder = root;
        foreach (var segment in segments[..^1])
        {
            folder = folder.Children.FirstOrDefault(c => c.IsFolder && c.Name == segment) ?? folder.Add(NewFolder(segment));
        }

        folder.Add(new FakeDropboxNode($"id:fake{Interlocked.Increment(ref _nextId)}", segments[^1], IsFolder: false)
        {
            Size = 5,
            ServerModified = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero),
        });
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (Authorization.TryExchange(form, context.Request.Headers.Authorization) is { } exchanged)
        {
            await exchanged.ExecuteAsync(context);
            return;
        }

        var recorded = new FakeDropboxRequest(
            "/oauth2/token", context.Request.Headers.Authorization.ToString(), null, context.Request.ContentType,
            string.Join("&", form.Select(field => $"{field.Key}={field.Value}")), form.ToDictionary(field => field.Key, field => field.Value.ToString()));
        var refreshToken = form["refresh_token"].ToString();
        if (!_byRefreshToken.TryGetValue(refreshToken, out var user))
        {
            TokenCallsWithUnknownRefreshToken.Enqueue(recorded);
            await Results.Json(new { error = "invalid_grant", error_description = "refresh token is invalid or revoked" }, statusCode: 400).ExecuteAsync(context);
            return;
        }

        user.TokenCalls.Enqueue(recorded);
        if (user.HoldTokenAnswers is { } hold)
        {
            await hold.Task;
        }

        if (form["grant_type"] != "refresh_token" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            await Results.Json(new { error = "invalid_client", error_description = "Invalid client_id or client_secret" }, statusCode: 400).ExecuteAsync(context);
            return;
        }

        if (user.RevokedRefreshTokens)
        {
            await Results.Json(new { error = "invalid_grant", error_description = "refresh token is invalid or revoked" }, statusCode: 400).ExecuteAsync(context);
            return;
        }

        var answer = new JsonObject { ["access_token"] = Issue(user), ["token_type"] = "bearer", ["expires_in"] = user.ExpiresIn };
        if (user.RotateRefreshTokens)
        {
            // Dropbox keeps the refresh token; the rotation of Box and Microsoft, where the old one stops working at once.
            _byRefreshToken.TryRemove(user.RefreshToken, out _);
            user.RefreshToken = $"rt-{Guid.NewGuid():N}";
            _byRefreshToken[user.RefreshToken] = user;
            answer["refresh_token"] = user.RefreshToken;
        }

        await Results.Text(answer.ToJsonString(), "application/json").ExecuteAsync(context);
    }

    private async Task ApiAsync(HttpContext context, Func<FakeDropboxUser, FakeDropboxRequest, IResult> route)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        var request = new FakeDropboxRequest(
            context.Request.Path, authorization, context.Request.Headers["Dropbox-API-Path-Root"].FirstOrDefault(), context.Request.ContentType, body, null);
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : "";
        var user = _byAccessToken.GetValueOrDefault(token);
        if (user is null)
        {
            UnknownTokenRequests.Enqueue(request);
            await Error(401, "invalid_access_token").ExecuteAsync(context);
            return;
        }

        user.Requests.Enqueue(request);
        if (user.Intercept?.Invoke(request) is { } intercepted)
        {
            await intercepted.ExecuteAsync(context);
            return;
        }

        if (!user.AccessTokens.Contains(token))
        {
            await Error(401, "expired_access_token").ExecuteAsync(context);
            return;
        }

        await route(user, request).ExecuteAsync(context);
    }

    /// <summary>Refreshes whose refresh token no user has (retired by a rotation, or never issued).</summary>
    public ConcurrentQueue<FakeDropboxRequest> TokenCallsWithUnknownRefreshToken { get; } = new();

    /// <summary>API calls with an access token this fake never issued.</summary>
    public ConcurrentQueue<FakeDropboxRequest> UnknownTokenRequests { get; } = new();

    public static IResult Error(int status, string summary, JsonObject? error = null) =>
        Results.Text(new JsonObject
        {
            ["error_summary"] = summary + "/...",
            ["error"] = error ?? new JsonObject { [".tag"] = summary.Split('/')[0] },
        }.ToJsonString(), "application/json", statusCode: status);

    private IResult CurrentAccount(FakeDropboxUser user, FakeDropboxRequest request)
    {
        // The route takes no argument: Dropbox refuses a body, or a Content-Type, that is not JSON null.
        if (request.Body.Length > 0 && request.Body != "null")
        {
            return Results.Text("Error in call to API function \"users/get_current_account\": request body: could not decode input as JSON", "text/plain", statusCode: 400);
        }

        var team = user.TeamNamespaceId is not null;
        var account = new JsonObject
        {
            ["account_id"] = $"dbid:{user.HomeNamespaceId}",
            ["name"] = new JsonObject { ["display_name"] = "Fake User", ["given_name"] = "Fake", ["surname"] = "User", ["familiar_name"] = "Fake" },
            ["email"] = "fake@example.com",
            ["root_info"] = new JsonObject
            {
                [".tag"] = team ? "team" : "user",
                ["root_namespace_id"] = user.TeamNamespaceId ?? user.HomeNamespaceId,
                ["home_namespace_id"] = user.HomeNamespaceId,
            },
        };
        if (team)
        {
            account["team"] = new JsonObject { ["id"] = "dbtid:fake", ["name"] = user.TeamName };
            account["root_info"]!["home_path"] = "/Fake User";
        }

        return Results.Text(account.ToJsonString(), "application/json");
    }

    private IResult ListFolder(FakeDropboxUser user, FakeDropboxRequest request)
    {
        if (request.ContentType != "application/json" || JsonNode.Parse(request.Body) is not JsonObject argument)
        {
            return Results.Text("Error in call to API function \"files/list_folder\": Bad HTTP \"Content-Type\" header", "text/plain", statusCode: 400);
        }

        if (!TryRootOf(user, request, out var root, out var namespaceId))
        {
            return Error(422, "invalid_root");
        }

        var path = (string?)argument["path"] ?? "";
        var folder = path.StartsWith("id:", StringComparison.Ordinal) ? root.FindById(path) : root.Find(path);
        if (folder is null || !folder.IsFolder || folder.Deleted)
        {
            return Error(409, "path/not_found", new JsonObject { [".tag"] = "path", ["path"] = new JsonObject { [".tag"] = "not_found" } });
        }

        var limit = (int?)argument["limit"] ?? 2000;
        var includeDeleted = (bool?)argument["include_deleted"] ?? false;
        return Page(folder, namespaceId, 0, Math.Clamp(limit, 1, 2000), includeDeleted);
    }

    private IResult ListFolderContinue(FakeDropboxUser user, FakeDropboxRequest request)
    {
        var cursor = (string?)JsonNode.Parse(request.Body)?["cursor"] ?? "";
        if (!_cursors.TryGetValue(cursor, out var position) || position.Namespace != (TryRootOf(user, request, out _, out var ns) ? ns : "?"))
        {
            return Error(409, "reset");
        }

        return Page(position.Folder, position.Namespace, position.Offset, position.Limit, includeDeleted: false);
    }

    private IResult Page(FakeDropboxNode folder, string? namespaceId, int offset, int limit, bool includeDeleted)
    {
        var listed = folder.Children.Where(child => includeDeleted || !child.Deleted).ToList();
        var page = listed.Skip(offset).Take(limit).ToList();
        var hasMore = offset + page.Count < listed.Count;
        var cursor = $"AAF{Guid.NewGuid():N}";
        _cursors[cursor] = (folder, namespaceId, offset + page.Count, limit);
        return Results.Text(new JsonObject
        {
            ["entries"] = new JsonArray([.. page.Select(Metadata)]),
            ["cursor"] = cursor,
            ["has_more"] = hasMore,
        }.ToJsonString(), "application/json");
    }

    private static JsonNode Metadata(FakeDropboxNode node) => node switch
    {
        { Deleted: true } => new JsonObject { [".tag"] = "deleted", ["name"] = node.Name, ["path_lower"] = "/" + node.Name.ToLowerInvariant() },
        { IsFolder: true } => new JsonObject
        {
            [".tag"] = "folder",
            ["name"] = node.Name,
            ["path_lower"] = "/" + node.Name.ToLowerInvariant(),
            ["path_display"] = "/" + node.Name,
            ["id"] = node.Id,
        },
        _ => new JsonObject
        {
            [".tag"] = "file",
            ["name"] = node.Name,
            ["path_lower"] = "/" + node.Name.ToLowerInvariant(),
            ["path_display"] = "/" + node.Name,
            ["id"] = node.Id,
            ["client_modified"] = "2026-01-01T00:00:00Z",
            ["server_modified"] = node.ServerModified?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["rev"] = "a1c10ce0dd78",
            ["size"] = node.Size,
            ["is_downloadable"] = true,
            ["content_hash"] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        },
    };

    // Dropbox-API-Path-Root: absent for the home namespace, {".tag": "root", "root": "<nsid>"} for the team space.
    private static bool TryRootOf(FakeDropboxUser user, FakeDropboxRequest request, out FakeDropboxNode root, out string? namespaceId)
    {
        root = user.Home;
        namespaceId = null;
        if (request.PathRoot is null)
        {
            return true;
        }

        var header = JsonNode.Parse(request.PathRoot);
        if ((string?)header?[".tag"] != "root" || (string?)header["root"] != user.TeamNamespaceId || user.TeamSpace is null)
        {
            return false;
        }

        root = user.TeamSpace;
        namespaceId = user.TeamNamespaceId;
        return true;
    }
}

/// <summary>One request the connector sent, as the fake received it.</summary>
/// <param name="Form">The fields of a token request.</param>
public sealed record FakeDropboxRequest(
    string Path, string Authorization, string? PathRoot, string? ContentType, string Body, IReadOnlyDictionary<string, string>? Form)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>One user of the fake: tokens, tree, and what the connector sent on its behalf.</summary>
public sealed class FakeDropboxUser(FakeDropbox fake, string homeNamespaceId, FakeDropboxNode home, string? teamNamespaceId, string? teamName)
{
    public string HomeNamespaceId { get; } = homeNamespaceId;

    public FakeDropboxNode Home { get; } = home;

    public string? TeamNamespaceId { get; } = teamNamespaceId;

    public string? TeamName { get; } = teamName;

    public FakeDropboxNode? TeamSpace { get; internal set; }

    /// <summary>The access tokens that work now (the latest issued).</summary>
    public ConcurrentBag<string> AccessTokens { get; } = [];

    /// <summary>Access tokens issued before the latest: answered 401 <c>expired_access_token</c>.</summary>
    public ConcurrentBag<string> Expired { get; } = [];

    public string AccessToken => AccessTokens.Single();

    public string RefreshToken { get; internal set; } = $"rt-{Guid.NewGuid():N}";

    /// <summary>Answer each refresh with a new refresh token and retire the old one (as Box and Microsoft do).</summary>
    public bool RotateRefreshTokens { get; set; }

    /// <summary>Refuse every refresh with <c>invalid_grant</c> (the user revoked the app).</summary>
    public bool RevokedRefreshTokens { get; set; }

    public int ExpiresIn { get; set; } = 14400;

    /// <summary>While set, token answers wait for it: lets concurrent requests pile up behind a refresh.</summary>
    public TaskCompletionSource? HoldTokenAnswers { get; set; }

    /// <summary>Answers an API call itself when it returns a result (after the call is recorded, before the token is checked).</summary>
    public Func<FakeDropboxRequest, IResult?>? Intercept { get; set; }

    public ConcurrentQueue<FakeDropboxRequest> Requests { get; } = new();

    public ConcurrentQueue<FakeDropboxRequest> TokenCalls { get; } = new();

    /// <summary>
    /// Ends the current access token before its announced expiry (Dropbox then answers it 401 <c>expired_access_token</c>):
    /// only a refresh gets a working one.
    /// </summary>
    public void ExpireAccessToken() => fake.Issue(this);

    /// <summary>The stored form of this user's tokens, as an OAuth token response with <c>expires_in</c> or <c>expires_at</c>.</summary>
    public string CredentialsData(DateTimeOffset? expiresAt = null, bool withRefreshToken = true)
    {
        var tokens = new JsonObject { ["access_token"] = AccessToken, ["token_type"] = "bearer", ["account_id"] = $"dbid:{HomeNamespaceId}" };
        if (withRefreshToken)
        {
            tokens["refresh_token"] = RefreshToken;
        }

        if (expiresAt is { } at)
        {
            tokens["expires_at"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }
        else
        {
            tokens["expires_in"] = ExpiresIn;
        }

        return tokens.ToJsonString();
    }
}

/// <summary>A file or folder of a fake user's tree.</summary>
public sealed record FakeDropboxNode(string Id, string Name, bool IsFolder)
{
    private readonly List<FakeDropboxNode> _children = [];

    public IReadOnlyList<FakeDropboxNode> Children
    {
        get
        {
            lock (_children)
            {
                return [.. _children];
            }
        }
    }

    public long Size { get; init; }

    public DateTimeOffset? ServerModified { get; init; }

    public bool Deleted { get; set; }

    public FakeDropboxNode Add(FakeDropboxNode child)
    {
        lock (_children)
        {
            _children.Add(child);
        }

        return child;
    }

    /// <summary>By a Dropbox path ("" or "/a/b", case-insensitive).</summary>
    public FakeDropboxNode? Find(string path)
    {
        var node = this;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.Children.FirstOrDefault(child => string.Equals(child.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public FakeDropboxNode? FindById(string id) =>
        Id == id ? this : Children.Select(child => child.FindById(id)).FirstOrDefault(found => found is not null);
}

/// <summary>One <see cref="FakeDropbox"/> for a test class (xunit class fixture): started before its first test, stopped after its last.</summary>
public sealed class FakeDropboxServer : IAsyncLifetime
{
    private FakeDropbox? _fake;

    public FakeDropbox Fake => _fake ?? throw new InvalidOperationException("The fake has not started.");

    public async Task InitializeAsync() => _fake = await FakeDropbox.StartAsync();

    public async Task DisposeAsync()
    {
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }
}

/// <summary>An answer a test scripts for <see cref="FakeDropboxUser.Intercept"/>: a Dropbox error with extra headers.</summary>
public sealed class FakeDropboxAnswer(int status, string summary, params (string Name, string Value)[] headers) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        foreach (var (name, value) in headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        await FakeDropbox.Error(status, summary).ExecuteAsync(httpContext);
    }
}

/// <summary>Never answers: holds the request until the client gives up, like a provider that hangs.</summary>
public sealed class FakeDropboxHang : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, httpContext.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client hung up.
        }
    }
}
