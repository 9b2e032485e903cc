using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Frame;

/// <summary>
/// Frame.io API v4 as documented, for one process: users (reached with their access tokens) with accounts, each holding
/// projects whose root folders hold trees; <c>GET /v4/me</c>, <c>/v4/accounts</c>, <c>/v4/accounts/{a}/projects</c> and
/// <c>/v4/accounts/{a}/folders/{f}/children</c>, each list answering <c>{data, links: {next}, total_count}</c> with
/// <c>links.next</c> a relative path carrying the opaque <c>after</c> cursor; and Adobe IMS's token endpoint
/// (<c>/ims/token/v3</c>), which hands out a new refresh token with each refresh. Records every request.
/// </summary>
public sealed class FakeFrame : IAsyncDisposable
{
    public const string ClientId = "amove-frame-client";
    public const string ClientSecret = "amove-frame-secret";

    private static readonly Lazy<FakeFrame> SharedInstance = new(() => StartAsync().GetAwaiter().GetResult());

    private readonly ConcurrentDictionary<string, User> _byAccessToken = new();
    private readonly ConcurrentDictionary<string, User> _byRefreshToken = new();
    private readonly ConcurrentQueue<FrameRequest> _requests = new();
    private WebApplication _app = null!;

    public static FakeFrame Shared => SharedInstance.Value;

    public Uri Url { get; private set; } = null!;

    public Uri TokenUrl => new(Url, "ims/token/v3");

    public Uri AuthorizeUrl => new(Url, "ims/authorize/v2");

    /// <summary>Adobe IMS's authorization-code grant for a Web App credential (no PKCE) and its code exchange at the token endpoint.</summary>
    public FakeAuthorizationServer Authorization { get; } = new(ClientId, ClientSecret, supportsPkce: false);

    public static async Task<FakeFrame> StartAsync()
    {
        var fake = new FakeFrame();
        (fake._app, fake.Url) = await FakeProviderServer.StartAsync(fake.Map);
        return fake;
    }

    /// <summary>A new user with one account and no projects yet.</summary>
    public User AddUser()
    {
        var user = new User();
        user.Accounts.Add(new Account());
        Issue(user);
        return user;
    }

    /// <summary>The token response Adobe IMS gives <paramref name="user"/> for an approved authorization: a new pair.</summary>
    public JsonObject Grant(User user)
    {
        Issue(user);
        return new JsonObject
        {
            ["access_token"] = user.Tokens.AccessToken,
            ["refresh_token"] = user.Tokens.RefreshToken,
            ["token_type"] = "bearer",
            ["expires_in"] = 86399,
        };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Requests made with the user's tokens, token requests included.</summary>
    public IReadOnlyList<FrameRequest> RequestsOf(User user) => [.. _requests.Where(request => request.User == user)];

    /// <summary>The user's access token stops working; the refresh token still works.</summary>
    public void Expire(User user) => _byAccessToken.TryRemove(user.Tokens.AccessToken, out _);

    private void Issue(User user)
    {
        if (user.Tokens is { } old)
        {
            _byAccessToken.TryRemove(old.AccessToken, out _);
            _byRefreshToken.TryRemove(old.RefreshToken, out _);
        }

        user.Tokens = new FrameTokens($"ims-access-{Guid.NewGuid():N}", $"ims-refresh-{Guid.NewGuid():N}");
        user.Issued.Add(user.Tokens.AccessToken);
        _byAccessToken[user.Tokens.AccessToken] = user;
        _byRefreshToken[user.Tokens.RefreshToken] = user;
    }

    private void Map(WebApplication app)
    {
        Authorization.MapAuthorize(app, "/ims/authorize/v2");
        app.MapPost("/ims/token/v3", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (Authorization.TryExchange(form, context.Request.Headers.Authorization) is { } exchanged)
            {
                return exchanged;
            }

            var refreshToken = (string?)form["refresh_token"];
            var user = refreshToken is null ? null : _byRefreshToken.GetValueOrDefault(refreshToken);
            Record(context, user, string.Join('&', form.Select(field => $"{field.Key}={field.Value}")));
            if ((string?)form["grant_type"] != "refresh_token" || user is null)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "Invalid refresh token" }, statusCode: 400);
            }

            Issue(user);
            return Results.Json(new
            {
                access_token = user.Tokens.AccessToken,
                refresh_token = user.Tokens.RefreshToken,
                token_type = "bearer",
                expires_in = 86399,
            });
        });

        app.MapGet("/v4/me", (HttpContext context) => Authorized(context, user =>
            Results.Json(new { data = new { id = user.Id, name = "Frame User", email = "user@example.com" } })));

        app.MapGet("/v4/accounts", (HttpContext context) => Authorized(context, user =>
            Page(context, user, user.Accounts.Select(account => (JsonNode)new JsonObject
            {
                ["id"] = account.Id,
                ["display_name"] = "Studio",
            }).ToList())));

        app.MapGet("/v4/accounts/{accountId}/projects", (HttpContext context, string accountId) => Authorized(context, user =>
            user.Accounts.FirstOrDefault(account => account.Id == accountId) is { } account
                ? Page(context, user, account.Projects.Select(project => (JsonNode)new JsonObject
                {
                    ["id"] = project.Id,
                    ["name"] = project.Name,
                    ["root_folder_id"] = project.Root.Id,
                    ["workspace_id"] = account.WorkspaceId,
                    ["created_at"] = "2026-11-02T10:00:00.000000Z",
                    ["updated_at"] = "2026-11-02T10:00:00.000000Z",
                }).ToList())
                : NotFound()));

        app.MapGet("/v4/accounts/{accountId}/folders/{folderId}/children", (HttpContext context, string accountId, string folderId) =>
            Authorized(context, user =>
                user.Accounts.FirstOrDefault(account => account.Id == accountId) is { } account
                && account.Projects.Select(project => project.Root.Find(folderId)).FirstOrDefault(found => found is not null) is { Type: "folder" } folder
                    ? Page(context, user, [.. folder.Children.OrderBy(child => child.Name, StringComparer.Ordinal).Select(child => child.ToJson(folder))])
                    : NotFound()));
    }

    /// <summary>One page of <paramref name="all"/>, as every v4 list answers.</summary>
    private static IResult Page(HttpContext context, User user, IReadOnlyList<JsonNode> all)
    {
        var query = context.Request.Query;
        var pageSize = query.TryGetValue("page_size", out var sizeText) ? int.Parse(sizeText!, CultureInfo.InvariantCulture) : 50;
        if (pageSize is < 1 or > 100)
        {
            return Results.Json(
                new { errors = new[] { new { title = "Invalid value", detail = "page_size must be between 1 and 100", source = new { parameter = "page_size" } } } },
                statusCode: 422);
        }

        var offset = query.TryGetValue("after", out var after) ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after!)), CultureInfo.InvariantCulture) : 0;
        var size = Math.Min(pageSize, user.ShortPages ?? pageSize);
        var next = offset + size < all.Count
            ? $"{context.Request.Path}?after={Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(CultureInfo.InvariantCulture))))}&page_size={pageSize}"
            : null;
        var body = new JsonObject
        {
            ["data"] = new JsonArray([.. all.Skip(offset).Take(size).Select(node => node.DeepClone())]),
            ["links"] = new JsonObject { ["next"] = next },
            ["total_count"] = all.Count,
        };
        return Results.Content(body.ToJsonString(), "application/json");
    }

    private IResult Authorized(HttpContext context, Func<User, IResult> answer)
    {
        var header = (string?)context.Request.Headers.Authorization;
        var token = header is { } bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal) ? bearer["Bearer ".Length..] : null;
        var user = token is null ? null : _byAccessToken.GetValueOrDefault(token);
        Record(context, user ?? _byRefreshToken.Values.FirstOrDefault(holder => token is not null && holder.Issued.Contains(token)), "");
        return user is null
            ? Results.Json(new { errors = new[] { new { title = "Unauthorized", detail = "Invalid or expired token" } } }, statusCode: 401)
            : answer(user);
    }

    private void Record(HttpContext context, User? user, string body) => _requests.Enqueue(new FrameRequest(
        user, context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "",
        context.Request.Headers.Authorization.ToString(), body));

    private static IResult NotFound() =>
        Results.Json(new { errors = new[] { new { title = "Not Found", detail = "The resource could not be found" } } }, statusCode: 404);

    public sealed class User
    {
        public string Id { get; } = Guid.NewGuid().ToString();

        public List<Account> Accounts { get; } = [];

        public FrameTokens Tokens { get; set; } = null!;

        public ConcurrentBag<string> Issued { get; } = [];

        /// <summary>Pages no longer than this, whatever page_size asked for (Frame.io may answer short pages).</summary>
        public int? ShortPages { get; set; }
    }

    public sealed class Account
    {
        public string Id { get; } = Guid.NewGuid().ToString();

        public string WorkspaceId { get; } = Guid.NewGuid().ToString();

        public List<Project> Projects { get; } = [];

        /// <summary>A project whose root folder holds a 5-byte file at each of <paramref name="paths"/>.</summary>
        public Project AddProject(string name, IEnumerable<string> paths)
        {
            var project = new Project(name, new Node(Guid.NewGuid().ToString(), name, "folder"));
            foreach (var path in paths)
            {
                var segments = path.Split('/');
                var folder = project.Root;
                foreach (var segment in segments[..^1])
                {
                    folder = folder.Children.FirstOrDefault(child => child.Name == segment && child.Type == "folder")
                        ?? folder.Add(new Node(Guid.NewGuid().ToString(), segment, "folder"));
                }

                folder.Add(new Node(Guid.NewGuid().ToString(), segments[^1], "file") { FileSize = 5 });
            }

            Projects.Add(project);
            return project;
        }
    }

    public sealed record Project(string Name, Node Root)
    {
        public string Id { get; } = Guid.NewGuid().ToString();

        /// <summary>The folder or file at <paramref name="path"/> ("" for the root).</summary>
        public Node Find(string path) =>
            path.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(Root, (node, segment) => node.Children.Single(child => child.Name == segment));
    }

    /// <summary>A folder, file or version stack.</summary>
    public sealed class Node(string id, string name, string type)
    {
        private readonly List<Node> _children = [];

        public string Id { get; } = id;

        public string Name { get; } = name;

        public string Type { get; } = type;

        public long? FileSize { get; init; }

        public string UpdatedAt { get; init; } = "2026-11-30T17:15:00.000000Z";

        public IReadOnlyList<Node> Children
        {
            get
            {
                lock (_children)
                {
                    return [.. _children];
                }
            }
        }

        public Node Add(Node child)
        {
            lock (_children)
            {
                _children.Add(child);
            }

            return child;
        }

        public Node AddVersionStack(string name, long fileSize) => Add(new Node(Guid.NewGuid().ToString(), name, "version_stack") { FileSize = fileSize });

        public Node AddFile(string name, long fileSize, string updatedAt) =>
            Add(new Node(Guid.NewGuid().ToString(), name, "file") { FileSize = fileSize, UpdatedAt = updatedAt });

        public Node? Find(string id) => Id == id ? this : Children.Select(child => child.Find(id)).FirstOrDefault(found => found is not null);

        public JsonObject ToJson(Node parent)
        {
            var json = new JsonObject
            {
                ["id"] = Id,
                ["type"] = Type,
                ["name"] = Name,
                ["parent_id"] = parent.Id,
                ["created_at"] = "2026-11-01T08:00:00.000000Z",
                ["updated_at"] = UpdatedAt,
            };
            if (Type != "folder")
            {
                json["file_size"] = FileSize;
                json["media_type"] = "video/quicktime";
            }

            return json;
        }
    }
}

public sealed record FrameTokens(string AccessToken, string RefreshToken);

public sealed record FrameRequest(FakeFrame.User? User, string Method, string Path, string Query, string Authorization, string Body);
