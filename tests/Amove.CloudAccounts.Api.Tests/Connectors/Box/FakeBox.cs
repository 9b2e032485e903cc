using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Box;

/// <summary>
/// Box API 2.0 as documented, for one process: users with a folder tree each (root folder <c>0</c>), reached with their
/// access tokens; <c>GET /2.0/users/me</c>, <c>GET /2.0/folders/{id}</c> and <c>GET /2.0/folders/{id}/items</c> with marker
/// paging and <c>fields</c>; the token endpoint, which rotates the refresh token on every refresh as Box does. Records every
/// request so tests can assert what the connector sent.
/// </summary>
public sealed class FakeBox : IAsyncDisposable
{
    public const string ClientId = "amove-box-client";
    public const string ClientSecret = "amove-box-secret";

    private static readonly Lazy<FakeBox> SharedInstance = new(() => StartAsync().GetAwaiter().GetResult());

    private readonly ConcurrentDictionary<string, User> _byAccessToken = new();
    private readonly ConcurrentDictionary<string, User> _byRefreshToken = new();
    private readonly ConcurrentQueue<BoxRequest> _requests = new();
    private WebApplication _app = null!;
    private int _nextId = 1000;

    /// <summary>One fake for every test of the process; each test seeds its own user.</summary>
    public static FakeBox Shared => SharedInstance.Value;

    public Uri Url { get; private set; } = null!;

    public Uri TokenUrl => new(Url, "oauth2/token");

    public Uri AuthorizeUrl => new(Url, "api/oauth2/authorize");

    /// <summary>Box's authorization-code grant (no PKCE) and its code exchange at the token endpoint.</summary>
    public FakeAuthorizationServer Authorization { get; } = new(ClientId, ClientSecret, supportsPkce: false);

    public IReadOnlyCollection<BoxRequest> Requests => _requests;

    public static async Task<FakeBox> StartAsync()
    {
        var fake = new FakeBox();
        (fake._app, fake.Url) = await FakeProviderServer.StartAsync(fake.Map);
        return fake;
    }

    /// <summary>A new user holding a 5-byte file at each of <paramref name="paths"/> (folders implied), and their tokens.</summary>
    public BoxTokens AddUser(IEnumerable<string> paths)
    {
        var user = new User(new Node(this, "0", "All Files", "folder"));
        foreach (var path in paths)
        {
            var segments = path.Split('/');
            var folder = user.Root;
            foreach (var segment in segments[..^1])
            {
                folder = folder.Children.FirstOrDefault(child => child.Name == segment && child.Type == "folder")
                    ?? folder.Add(new Node(this, NewId(), segment, "folder"));
            }

            folder.Add(new Node(this, NewId(), segments[^1], "file") { Size = JsonValue.Create(5) });
        }

        return Issue(user);
    }

    /// <summary>The folder or file at <paramref name="path"/> ("" for the root) of the user holding <paramref name="tokens"/>.</summary>
    public Node Find(BoxTokens tokens, string path)
    {
        var node = UserOf(tokens).Root;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.Children.Single(child => child.Name == segment);
        }

        return node;
    }

    /// <summary>The user's access token stops working (it expired, or Box revoked it); the refresh token still works.</summary>
    public void Expire(BoxTokens tokens) => _byAccessToken.TryRemove(tokens.AccessToken, out _);

    /// <summary>The tokens the user holds now (after any refreshes).</summary>
    public BoxTokens Current(BoxTokens original) => UserOf(original).Tokens!;

    /// <summary>Requests made with the user's tokens, token requests included.</summary>
    public User UserHolding(BoxTokens tokens) => UserOf(tokens);

    public IReadOnlyList<BoxRequest> RequestsOf(BoxTokens original)
    {
        var user = UserOf(original);
        return [.. _requests.Where(request => request.User == user)];
    }

    /// <summary>The token response Box gives the user holding <paramref name="tokens"/> for an approved authorization: a new pair.</summary>
    public JsonObject Grant(BoxTokens tokens)
    {
        var issued = Issue(UserOf(tokens));
        return new JsonObject
        {
            ["access_token"] = issued.AccessToken,
            ["expires_in"] = 3600,
            ["restricted_to"] = new JsonArray(),
            ["refresh_token"] = issued.RefreshToken,
            ["token_type"] = "bearer",
        };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    internal string NewId() => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    private User UserOf(BoxTokens tokens) =>
        _byRefreshToken.Values.Concat(_byAccessToken.Values).First(user => user.Issued.Contains(tokens.AccessToken));

    private BoxTokens Issue(User user)
    {
        var tokens = new BoxTokens($"box-access-{Guid.NewGuid():N}", $"box-refresh-{Guid.NewGuid():N}");
        if (user.Tokens is { } old)
        {
            _byAccessToken.TryRemove(old.AccessToken, out _);
            _byRefreshToken.TryRemove(old.RefreshToken, out _);
        }

        user.Tokens = tokens;
        user.Issued.Add(tokens.AccessToken);
        _byAccessToken[tokens.AccessToken] = user;
        _byRefreshToken[tokens.RefreshToken] = user;
        return tokens;
    }

    private void Map(WebApplication app)
    {
        Authorization.MapAuthorize(app, "/api/oauth2/authorize");
        app.MapPost("/oauth2/token", async (HttpContext context) =>
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

            // Box refresh tokens are single-use: the old pair stops working, a new pair is issued.
            var tokens = Issue(user);
            return Results.Json(new
            {
                access_token = tokens.AccessToken,
                expires_in = 3600,
                restricted_to = Array.Empty<object>(),
                refresh_token = tokens.RefreshToken,
                token_type = "bearer",
            });
        });

        app.MapGet("/2.0/users/me", (HttpContext context) => Authorized(context, user =>
            Results.Json(new { type = "user", id = user.Id, name = "Box User", login = "user@example.com" })));

        app.MapGet("/2.0/folders/{id}", (HttpContext context, string id) => Authorized(context, user =>
            user.Root.Find(id) is { Type: "folder" } folder
                ? Results.Json(new { type = "folder", id = folder.Id, name = folder.Name, created_at = (string?)null })
                : NotFound()));

        app.MapGet("/2.0/folders/{id}/items", (HttpContext context, string id) => Authorized(context, user =>
        {
            if (user.Root.Find(id) is not { Type: "folder" } folder)
            {
                return NotFound();
            }

            var query = context.Request.Query;
            var limit = query.TryGetValue("limit", out var limitText) ? int.Parse(limitText!, CultureInfo.InvariantCulture) : 100;
            if (limit is < 1 or > 1000)
            {
                return Error(400, "bad_request", "Bad Request");
            }

            var offset = query.TryGetValue("marker", out var marker) && marker.ToString().Length > 0
                ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(marker!)), CultureInfo.InvariantCulture)
                : 0;
            var fields = ((string?)query["fields"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            var ordered = folder.Children.OrderBy(child => child.Type == "folder" ? 0 : 1).ThenBy(child => child.Name, StringComparer.Ordinal).ToList();
            var entries = new JsonArray([.. ordered.Skip(offset).Take(limit).Select(child => child.ToJson(fields))]);
            var next = offset + limit < ordered.Count
                ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + limit).ToString(CultureInfo.InvariantCulture)))
                : null;
            return Results.Content(
                new JsonObject { ["limit"] = limit, ["next_marker"] = next, ["prev_marker"] = null, ["entries"] = entries }.ToJsonString(),
                "application/json");
        }));
    }

    private IResult Authorized(HttpContext context, Func<User, IResult> answer)
    {
        var header = (string?)context.Request.Headers.Authorization;
        var user = header is { } bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal)
            ? _byAccessToken.GetValueOrDefault(bearer["Bearer ".Length..])
            : null;
        Record(context, user ?? UserHolding(header), "");
        if (user is null)
        {
            // Box answers a bad token with an empty body and the reason in WWW-Authenticate.
            context.Response.Headers.WWWAuthenticate =
                "Bearer realm=\"Service\", error=\"invalid_token\", error_description=\"The access token provided is invalid.\"";
            return Results.StatusCode(401);
        }

        if (user.Faults.TryDequeue(out var fault))
        {
            if (fault.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Error(fault.Status, fault.Code, fault.Message);
        }

        return answer(user);
    }

    private User? UserHolding(string? header) => header is { Length: > 7 }
        ? _byRefreshToken.Values.FirstOrDefault(user => user.Issued.Contains(header[7..]))
        : null;

    private void Record(HttpContext context, User? user, string body) => _requests.Enqueue(new BoxRequest(
        user, context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "",
        context.Request.Headers.Authorization.ToString(), body));

    private static IResult NotFound() => Error(404, "not_found", "Not Found");

    private static IResult Error(int status, string code, string message) => Results.Json(
        new { type = "error", status, code, message, help_url = "http://developers.box.com/docs/#errors", request_id = "fake" },
        statusCode: status);

    public sealed class User(Node root)
    {
        public string Id { get; } = Guid.NewGuid().ToString("N");

        public Node Root { get; } = root;

        public BoxTokens? Tokens { get; set; }

        public ConcurrentBag<string> Issued { get; } = [];

        /// <summary>Error answers to give, one per API call, before answering normally again.</summary>
        public ConcurrentQueue<BoxFault> Faults { get; } = new();
    }

    /// <summary>A folder, file or web link in a user's tree.</summary>
    public sealed class Node(FakeBox box, string id, string name, string type)
    {
        private readonly List<Node> _children = [];

        public string Id { get; } = id;

        public string Name { get; } = name;

        public string Type { get; } = type;

        /// <summary>The size as Box writes it: a JSON number, possibly in exponent form.</summary>
        public JsonNode? Size { get; init; }

        public string ModifiedAt { get; init; } = "2026-11-30T09:15:00-08:00";

        public string ItemStatus { get; set; } = "active";

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

        /// <summary>Adds a file whose size is written exactly as <paramref name="rawSize"/> (e.g. "1.2E+4").</summary>
        public Node AddFile(string name, string rawSize, string modifiedAt = "2026-11-30T09:15:00-08:00") =>
            Add(new Node(box, box.NewId(), name, "file") { Size = JsonNode.Parse(rawSize), ModifiedAt = modifiedAt });

        public Node AddWebLink(string name) => Add(new Node(box, box.NewId(), name, "web_link"));

        public Node AddFolder(string name) => Add(new Node(box, box.NewId(), name, "folder"));

        public Node? Find(string id) => Id == id ? this : Children.Select(child => child.Find(id)).FirstOrDefault(found => found is not null);

        /// <summary>The mini representation (type, id, name, etag, sequence_id) plus the fields asked for, as Box answers.</summary>
        public JsonObject ToJson(IReadOnlySet<string> fields)
        {
            var json = new JsonObject { ["type"] = Type, ["id"] = Id, ["etag"] = "0", ["sequence_id"] = "0", ["name"] = Name };
            var all = new Dictionary<string, JsonNode?>
            {
                ["size"] = Type == "folder" ? JsonValue.Create(Children.Count * 5) : Size?.DeepClone(),
                ["modified_at"] = ModifiedAt,
                ["item_status"] = ItemStatus,
            };
            foreach (var (name, value) in all.Where(field => fields.Contains(field.Key)))
            {
                json[name] = value;
            }

            return json;
        }
    }
}

/// <summary>An error answer in Box's shape, with a Retry-After in seconds when given.</summary>
public sealed record BoxFault(int Status, string Code, string Message, int? RetryAfter = null);

public sealed record BoxTokens(string AccessToken, string RefreshToken);

public sealed record BoxRequest(FakeBox.User? User, string Method, string Path, string Query, string Authorization, string Body);
