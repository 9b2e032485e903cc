using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.OAuth;
using Amove.CloudAccounts.Connectors.Platform;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Frame;

/// <summary>
/// Frame.io (API v4, Adobe IMS tokens) over its REST API: the buckets are the projects of every account the user belongs to
/// (<c>GET /v4/accounts</c>, then <c>GET /v4/accounts/{account_id}/projects</c>), each listed from its root folder, and a
/// folder's objects are its children (<c>GET /v4/accounts/{account_id}/folders/{folder_id}/children</c>). Every folder
/// lives in an account whose id every call names, so the ids this connector returns are <c>{account_id}/{folder_id}</c>. A
/// version stack is listed as one file (the asset users see in Frame.io), with the size Frame.io gives it.
/// </summary>
public sealed class FrameConnector(
    OAuthSession session,
    IOptionsMonitor<ProviderEndpointOptions> endpoints,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock) : IStorageConnector
{
    /// <summary>Between the account id and the folder id in the ids this connector returns.</summary>
    public const char IdSeparator = '/';

    private const string DefaultApiBaseUrl = "https://api.frame.io";

    // Adobe IMS, which issues Frame.io v4 tokens (its OpenID configuration's token_endpoint).
    private const string DefaultTokenUrl = "https://ims-na1.adobelogin.com/ims/token/v3";
    private const int MaxPageSize = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private readonly ConnectorsOptions _settings = options.Value;

    public static ProviderDescription Description { get; } = ProviderDescription.OAuthDrive(CloudProvider.Frame, "Frame.io", new OAuthAuthorization
    {
        // Adobe IMS (a Web App credential, which has a client secret); offline_access is what issues a refresh token.
        DefaultAuthorizeUrl = "https://ims-na1.adobelogin.com/ims/authorize/v2",
        DefaultTokenUrl = DefaultTokenUrl,
        HttpClientName = ConnectorHttpClients.NameOf(typeof(FrameConnector)),
        Scope = "openid email profile offline_access additional_info.roles",
    });

    public async Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
        _ = await GetAsync<FrameSingle<FrameUser>>(credentials, "/v4/me", cancellationToken);

    public async Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken)
    {
        var pages = 0;
        var buckets = new List<StorageBucket>();
        foreach (var account in await ListAllAsync<FrameAccount>(credentials, "/v4/accounts", () => ++pages, cancellationToken))
        {
            if (string.IsNullOrEmpty(account.Id))
            {
                continue;
            }

            var projects = await ListAllAsync<FrameProject>(
                credentials, $"/v4/accounts/{Uri.EscapeDataString(account.Id)}/projects", () => ++pages, cancellationToken);
            buckets.AddRange(projects
                .Where(project => !string.IsNullOrEmpty(project.RootFolderId) && !string.IsNullOrEmpty(project.Name))
                .Select(project => new StorageBucket(IdOf(account.Id, project.RootFolderId!), project.Name!, Region: null, project.CreatedAt?.ToUniversalTime())));
            if (buckets.Count > _settings.MaxBuckets)
            {
                throw BoundedStorageConnector.TooManyBuckets(CloudProvider.Frame, _settings.MaxBuckets);
            }
        }

        return buckets;
    }

    public async Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        var target = request.Target as ListingTarget.ById
            ?? throw new ArgumentException("Frame.io folders are listed by id.", nameof(request));
        var (accountId, folderId) = await LocateAsync(credentials, target.Id, cancellationToken);

        var path = $"/v4/accounts/{Uri.EscapeDataString(accountId)}/folders/{Uri.EscapeDataString(folderId)}/children";
        var query = new Dictionary<string, string?>
        {
            ["page_size"] = Math.Clamp(request.MaxCount, 1, MaxPageSize).ToString(CultureInfo.InvariantCulture),
        };
        if (request.ProviderCursor is { } after)
        {
            query["after"] = after;
        }

        var page = await GetAsync<FramePage<FrameItem>>(credentials, QueryHelpers.AddQueryString(path, query), cancellationToken);
        var items = (page.Data ?? [])
            .Where(item => !string.IsNullOrEmpty(item.Id) && !string.IsNullOrEmpty(item.Name))
            .Select(item => ToObject(item, accountId, target.FolderPath))
            .OfType<StorageObject>()
            .ToList();
        return new StorageObjectPage(
            [.. items.Where(item => item.Type == StorageObjectType.Directory), .. items.Where(item => item.Type == StorageObjectType.File)],
            AfterOf(page.Links?.Next));
    }

    private static string IdOf(string accountId, string folderId) => accountId + IdSeparator + folderId;

    /// <summary>
    /// The account and folder an id names. An id this connector returned carries both; a bare folder id (as Frame.io's web
    /// app shows it) is looked for in the user's account when the user has exactly one.
    /// </summary>
    private async Task<(string AccountId, string FolderId)> LocateAsync(StorageCredentials credentials, string id, CancellationToken cancellationToken)
    {
        var separator = id.LastIndexOf(IdSeparator);
        if (separator > 0 && separator < id.Length - 1)
        {
            return (id[..separator], id[(separator + 1)..]);
        }

        var accounts = await GetAsync<FramePage<FrameAccount>>(credentials, "/v4/accounts?page_size=2", cancellationToken);
        return accounts.Data is [{ Id: { Length: > 0 } accountId }] && accounts.Links?.Next is null
            ? (accountId, id)
            : throw new StorageProviderException(
                ProviderFailure.NotFound,
                $"{CloudProvider.Frame} has no folder '{ProviderText.Clean(id, 100)}' this account can name: use an id that list_buckets or list_objects returned.");
    }

    private static StorageObject? ToObject(FrameItem item, string accountId, string folderPath) => item.Type switch
    {
        "folder" => new StorageObject(
            IdOf(accountId, item.Id!), item.Name!, folderPath + item.Name + "/", 0, item.UpdatedAt?.ToUniversalTime(), StorageObjectType.Directory),
        "file" or "version_stack" => new StorageObject(
            IdOf(accountId, item.Id!), item.Name!, folderPath + item.Name, SizeOf(item.FileSize), item.UpdatedAt?.ToUniversalTime(), StorageObjectType.File),
        _ => null,
    };

    private static long SizeOf(double? size) => size is { } bytes && double.IsFinite(bytes) && bytes > 0
        ? bytes >= long.MaxValue ? long.MaxValue : (long)Math.Round(bytes)
        : 0;

    /// <summary>The opaque <c>after</c> cursor <c>links.next</c> carries; null on the last page.</summary>
    private static string? AfterOf(string? next)
    {
        if (string.IsNullOrEmpty(next))
        {
            return null;
        }

        var question = next.IndexOf('?');
        var after = question < 0 ? default : QueryHelpers.ParseQuery(next[question..])["after"];
        return string.IsNullOrEmpty(after) ? throw new StorageProviderException(
            ProviderFailure.Unavailable, $"{CloudProvider.Frame} announced a next page without the cursor to reach it.") : after.ToString();
    }

    /// <summary>
    /// Every page of a list, following <c>links.next</c>; <paramref name="countPage"/> counts the pages of the whole request,
    /// which may not exceed <see cref="ConnectorsOptions.MaxPagesPerRequest"/>.
    /// </summary>
    private async Task<List<T>> ListAllAsync<T>(StorageCredentials credentials, string path, Func<int> countPage, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? after = null;
        do
        {
            if (countPage() > _settings.MaxPagesPerRequest)
            {
                throw BoundedStorageConnector.TooManyPages(CloudProvider.Frame, _settings.MaxPagesPerRequest, "accounts and projects");
            }

            var query = new Dictionary<string, string?> { ["page_size"] = MaxPageSize.ToString(CultureInfo.InvariantCulture) };
            if (after is not null)
            {
                query["after"] = after;
            }

            var page = await GetAsync<FramePage<T>>(credentials, QueryHelpers.AddQueryString(path, query), cancellationToken);
            all.AddRange(page.Data ?? []);
            if (all.Count > _settings.MaxBuckets)
            {
                throw BoundedStorageConnector.TooManyBuckets(CloudProvider.Frame, _settings.MaxBuckets);
            }

            after = AfterOf(page.Links?.Next);
        }
        while (after is not null);

        return all;
    }

    private async Task<T> GetAsync<T>(StorageCredentials credentials, string pathAndQuery, CancellationToken cancellationToken)
    {
        var settings = endpoints.Get(nameof(CloudProvider.Frame));
        var url = new Uri(settings.ApiBaseUri(DefaultApiBaseUrl), pathAndQuery);
        var endpoint = OAuthEndpoint.Of<FrameConnector>(CloudProvider.Frame, settings, DefaultTokenUrl);
        using var response = await session.SendAsync(endpoint, credentials, accessToken =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new("Bearer", accessToken);
            request.Headers.Accept.Add(new("application/json"));
            return request;
        }, cancellationToken);

        if (!response.IsSuccessStatusCode)
        {
            var tokens = credentials.RequiredTokens;
            throw await response.FailureAsync(
                CloudProvider.Frame, body => ProviderText.Clean(ReasonOf(body), ProviderText.MaxLength, tokens.AccessToken, tokens.RefreshToken), clock, cancellationToken);
        }

        // The whole answer first (within the size cap), so an oversized one is reported as oversized, not as unreadable.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return await response.ReadJsonAsync<T>(CloudProvider.Frame, Json, cancellationToken);
    }

    /// <summary>Frame.io's errors: <c>{errors: [{title, detail}]}</c>, or a plain <c>{message}</c>.</summary>
    private static string? ReasonOf(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            return string.Join("; ", errors.EnumerateArray()
                .Where(error => error.ValueKind == JsonValueKind.Object)
                .Select(error => string.Join(": ", new[] { StringOf(error, "title"), StringOf(error, "detail") }
                    .Where(part => !string.IsNullOrEmpty(part)).Distinct()))
                .Where(reason => reason.Length > 0));
        }

        return StringOf(body, "message");
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
