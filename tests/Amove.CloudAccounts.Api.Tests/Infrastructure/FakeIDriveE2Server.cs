using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// The IDrive e2 reseller API as this service understands it (officially documented: the <c>token</c> header, JSON, the
/// statuses and the <c>{"error":{"type","code","message"}}</c> body; the operations' paths and fields as third-party
/// code uses them): users, regions enabled per user with a <c>storage_dn</c> each, access keys per region and a usage
/// report. Records every request (method, path, headers, body) and can be told to answer one operation otherwise:
/// an error, garbage, an oversized body, or never.
/// </summary>
public sealed class FakeIDriveE2Server : IAsyncDisposable
{
    public const string ApiKey = "e2-reseller-key-7f3c9a1d5b8e4f20";

    private const string Prefix = "/api/reseller/v1/";

    private readonly ConcurrentQueue<E2Request> _requests = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _overrides = new();
    private readonly object _state = new();
    private WebApplication _app = null!;
    private readonly ChangeSignal _changed = new();
    private int _abandoned;
    private int _keys;

    public Uri Url { get; private set; } = null!;

    /// <summary>As <c>AmoveStorage:IDriveE2:BaseUrl</c> names it.</summary>
    public string BaseUrl => new Uri(Url, Prefix.TrimEnd('/')).ToString();

    public IReadOnlyList<E2Request> Requests => [.. _requests];

    /// <summary>Requests the fake left unanswered (<see cref="Hang"/>) whose client gave up and closed the connection.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    /// <summary>The region list as GET /regions answers it (the seven keys third-party code shows, one of them inactive).</summary>
    public List<JsonObject> Regions { get; } =
    [
        Region("OR", "Oregon", "US", true, "us-or"),
        Region("VA", "Virginia", "US", true, "us-va"),
        Region("LA", "Los Angeles", "US", true, "us-la"),
        Region("DA", "Dallas", "US", false, "us-da"),
        Region("IE", "Ireland", "IE", true, "eu-ie"),
        Region("LDN", "London", "GB", true, "gb-ldn"),
        Region("FRA", "Frankfurt", "DE", true, "de-fra"),
    ];

    /// <summary>The storage_dn enable_user_region answers for a region key (a host name, as e2's look, by default).</summary>
    public Func<string, string> StorageDnFor { get; set; } = key => $"k{Guid.NewGuid().ToString("N")[..4]}.{key.ToLowerInvariant()}.idrivee2-7.com";

    /// <summary>
    /// The key pair create_access_key hands out; fresh random ones by default. End-to-end tests that reach a real S3 server
    /// through <see cref="StorageDnFor"/> (e.g. s3rver's URL) set the pair that server accepts.
    /// </summary>
    public Func<(string AccessKey, string SecretKey)>? MintKeys { get; set; }

    public Dictionary<string, E2User> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<FakeIDriveE2Server> StartAsync()
    {
        var fake = new FakeIDriveE2Server();
        (fake._app, fake.Url) = await FakeProviderServer.StartAsync(app => app.Map(Prefix + "{operation}", fake.HandleAsync));
        return fake;
    }

    public static JsonObject Region(string key, string name, string country, bool active, string code) => new()
    {
        ["region_key"] = key,
        ["region_name"] = name,
        ["country"] = country,
        ["active"] = active,
        ["region_code"] = code,
    };

    /// <summary>The documented error body.</summary>
    public static string ErrorBody(string type, string code, string message, params string[] errors) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = type,
                ["code"] = code,
                ["message"] = message,
                ["errors"] = errors.Length == 0 ? null : new JsonArray([.. errors.Select(e => JsonValue.Create(e))]),
            },
        }.ToJsonString();

    /// <summary>From now on, <paramref name="operation"/> (e.g. "create_access_key") is answered by <paramref name="respond"/>.</summary>
    public void Answer(string operation, Func<HttpContext, Task> respond) => _overrides[operation] = respond;

    /// <summary>Stops answering <paramref name="operation"/> as told: e2 has recovered.</summary>
    public void AnswerAsUsual(string operation) => _overrides.TryRemove(operation, out _);

    public void Answer(string operation, int status, string body, string contentType = "application/json") =>
        Answer(operation, context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });

    /// <summary>From now on, <paramref name="operation"/> is read and never answered, until its client gives up.</summary>
    public void Hang(string operation) => Answer(operation, async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _abandoned);
            Signal();
        }
    });

    /// <summary>From now on, <paramref name="operation"/> answers 200 with <paramref name="bytes"/> bytes of JSON-ish filler.</summary>
    public void AnswerOversized(string operation, int bytes, bool declareLength) => Answer(operation, async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (declareLength)
        {
            context.Response.ContentLength = bytes;
        }

        var piece = Encoding.ASCII.GetBytes(new string(' ', 16 * 1024));
        try
        {
            for (var sent = 0; sent < bytes; sent += piece.Length)
            {
                await context.Response.Body.WriteAsync(piece.AsMemory(0, Math.Min(piece.Length, bytes - sent)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading: what this answer is for.
        }
    });

    public IReadOnlyList<E2Request> RequestsTo(string operation) => [.. _requests.Where(r => r.Operation == operation)];

    /// <summary>Completes when <paramref name="condition"/> holds, re-checked on every request; the limit only keeps a broken test from hanging.</summary>
    public Task WaitUntilAsync(Func<FakeIDriveE2Server, bool> condition, string description) =>
        _changed.WaitUntilAsync(() => condition(this), () => $"The fake IDrive e2 never saw {description} ({_requests.Count} requests).");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Signal() => _changed.Notify();

    private async Task HandleAsync(HttpContext context, string operation)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var request = new E2Request(
            context.Request.Method,
            context.Request.Path.Value!,
            operation,
            context.Request.Headers["token"].ToString(),
            context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType,
            body);
        _requests.Enqueue(request);
        Signal();

        if (request.Token != ApiKey)
        {
            await WriteAsync(context, 401, ErrorBody("invalid_request_error", "unauthorized", "Authentication header missing/invalid"));
            return;
        }

        if (_overrides.TryGetValue(operation, out var respond))
        {
            await respond(context);
            return;
        }

        var (status, answer) = Operate(request);
        await WriteAsync(context, status, answer);
    }

    private (int Status, string Body) Operate(E2Request request)
    {
        var expected = request.Operation switch
        {
            "regions" => "GET",
            "create_user" => "PUT",
            "remove_user" or "enable_user_region" or "remove_user_region" or "create_access_key" or "remove_access_key" or "usage_stats"
                => "POST",
            _ => null,
        };
        if (expected is null)
        {
            return (404, ErrorBody("invalid_request_error", "not_found", "Unknown API"));
        }

        if (request.Method != expected)
        {
            return (405, ErrorBody("invalid_request_error", "method_not_allowed", $"Use {expected}"));
        }

        if (request.Operation == "regions")
        {
            return (200, new JsonArray([.. Regions.Select(r => r.DeepClone())]).ToJsonString());
        }

        JsonObject json;
        try
        {
            json = request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
                ? JsonNode.Parse(request.Body)!.AsObject()
                : throw new JsonException("Not JSON.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            return Invalid("body must be a JSON object");
        }

        lock (_state)
        {
            var email = (string?)json["email"];
            if (email is null)
            {
                return Invalid("email is required");
            }

            var user = Users.GetValueOrDefault(email);
            if (request.Operation == "create_user")
            {
                if (user is not null)
                {
                    return Invalid("email already exists");
                }

                string password;
                try
                {
                    password = Encoding.UTF8.GetString(Convert.FromBase64String((string?)json["password"] ?? ""));
                }
                catch (FormatException)
                {
                    return Invalid("password must be base64-encoded");
                }

                if (password.Length == 0 || json["first_name"] is null || json["quota"] is null)
                {
                    return Invalid("password, first_name and quota are required");
                }

                Users[email] = new E2User(email, password, (long)json["quota"]!);
                return (200, """{"user_created":true}""");
            }

            if (user is null)
            {
                return Invalid("user not found");
            }

            switch (request.Operation)
            {
                case "remove_user":
                    Users.Remove(email);
                    return (200, """{"user_removed":true}""");
                case "enable_user_region":
                    var key = (string?)json["region"];
                    if (!Regions.Any(r => (string?)r["region_key"] == key && (bool)r["active"]!))
                    {
                        return Invalid("region is not valid");
                    }

                    if (user.StorageDns.ContainsKey(key!))
                    {
                        return Invalid("region already enabled");
                    }

                    var storageDn = StorageDnFor(key!);
                    user.StorageDns[key!] = storageDn;
                    return (200, new JsonObject { ["storage_added"] = true, ["storage_dn"] = storageDn }.ToJsonString());
                case "remove_user_region":
                    var removed = user.StorageDns.FirstOrDefault(p => p.Value == (string?)json["storage_dn"]);
                    if (removed.Key is null)
                    {
                        return Invalid("storage_dn not found");
                    }

                    user.StorageDns.Remove(removed.Key);
                    return (200, """{"removed":true}""");
                case "create_access_key":
                    var dn = (string?)json["storage_dn"];
                    if (!user.StorageDns.ContainsValue(dn!) || json["name"] is null || json["permission"] is null)
                    {
                        return Invalid("storage_dn, name and permission are required");
                    }

                    var n = Interlocked.Increment(ref _keys);
                    var (id, secret) = MintKeys?.Invoke() ?? ($"E2AK{n:D4}{Guid.NewGuid().ToString("N")[..12].ToUpperInvariant()}", $"e2sk-{Guid.NewGuid():N}");
                    var accessKey = new E2AccessKey(id, secret, dn!, (int)json["permission"]!);
                    user.Keys.Add(accessKey);
                    return (200, new JsonObject
                    {
                        ["created"] = true,
                        ["data"] = new JsonObject { ["access_key"] = accessKey.AccessKey, ["secret_key"] = accessKey.SecretKey, ["name"] = (string?)json["name"] },
                    }.ToJsonString());
                case "remove_access_key":
                    var count = user.Keys.RemoveAll(k => k.AccessKey == (string?)json["access_key"] && k.StorageDn == (string?)json["storage_dn"]);
                    return count == 0 ? Invalid("access key not found") : (200, """{"removed":true}""");
                default:
                    var day = (string?)json["date_from"];
                    return (200, new JsonObject
                    {
                        ["usage_stats"] = new JsonArray([.. user.StorageDns.Values.Select(storage => new JsonObject
                        {
                            ["date"] = day,
                            ["storage_dn"] = storage,
                            ["storage_used"] = user.UsageBytes.GetValueOrDefault(storage),
                        })]),
                    }.ToJsonString());
            }
        }
    }

    private static (int, string) Invalid(string detail) =>
        (400, ErrorBody("invalid_request_error", "invalid_parameters", "Invalid parameter values, check errors for details", detail));

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}

/// <summary>One request the fake received.</summary>
public sealed record E2Request(
    string Method, string Path, string Operation, string Token, string Authorization, string? ContentType, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

public sealed record E2User(string Email, string Password, long Quota)
{
    /// <summary>Enabled regions: key → storage_dn.</summary>
    public Dictionary<string, string> StorageDns { get; } = [];

    public List<E2AccessKey> Keys { get; } = [];

    /// <summary>Bytes stored per storage_dn, as usage_stats reports them.</summary>
    public Dictionary<string, long> UsageBytes { get; } = [];
}

public sealed record E2AccessKey(string AccessKey, string SecretKey, string StorageDn, int Permission);
