using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.OAuth;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Box;

/// <summary>
/// Box (API 2.0) over its REST API: the one bucket is the root folder <c>0</c> ("All Files"), and a folder's items are listed
/// with marker paging (<c>GET /2.0/folders/{id}/items?usemarker=true</c>), which has no offset limit. Web links are left
/// out (they are bookmarks, not stored content), and so are trashed and deleted items. Every call goes through the
/// <see cref="OAuthSession"/>, which renews the access token; Box rotates the refresh token on every renewal, which the
/// account's token keeper stores before it is used.
/// </summary>
public sealed class BoxConnector(
    OAuthSession session,
    IOptionsMonitor<ProviderEndpointOptions> endpoints,
    TimeProvider clock) : IStorageConnector
{
    /// <summary>The id Box gives every user's root folder.</summary>
    public const string RootFolderId = "0";

    private const string DefaultApiBaseUrl = "https://api.box.com";
    private const string DefaultTokenUrl = "https://api.box.com/oauth2/token";
    private const int MaxItemsPerPage = 1000;
    private const string ItemFields = "id,type,name,size,modified_at,item_status";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static ProviderDescription Description { get; } = ProviderDescription.OAuthDrive(CloudProvider.Box, "Box", new OAuthAuthorization
    {
        // Box always issues a refresh token, takes its scopes from the app's configuration and documents no PKCE.
        DefaultAuthorizeUrl = "https://account.box.com/api/oauth2/authorize",
        DefaultTokenUrl = DefaultTokenUrl,
        HttpClientName = ConnectorHttpClients.NameOf(typeof(BoxConnector)),
    });

    public async Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken)
    {
        // The current user: the one read-only call every token may make, whatever folders it reaches.
        using var response = await SendAsync(credentials, "/2.0/users/me?fields=id", cancellationToken);
        await EnsureSuccessAsync(response, credentials, cancellationToken);
        _ = await ReadAsync<BoxFolder>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken)
    {
        // One bucket, the root folder, named as Box names it for this user.
        using var response = await SendAsync(credentials, $"/2.0/folders/{RootFolderId}?fields=id,name,created_at", cancellationToken);
        await EnsureSuccessAsync(response, credentials, cancellationToken);
        var root = await ReadAsync<BoxFolder>(response, cancellationToken);
        return [new StorageBucket(RootFolderId, string.IsNullOrEmpty(root.Name) ? "All Files" : root.Name, Region: null, root.CreatedAt?.ToUniversalTime())];
    }

    public async Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        var folder = request.Target as ListingTarget.ById
            ?? throw new ArgumentException("Box folders are listed by id.", nameof(request));

        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"usemarker=true&limit={Math.Clamp(request.MaxCount, 1, MaxItemsPerPage)}&fields={ItemFields}");
        if (request.ProviderCursor is { } marker)
        {
            query += "&marker=" + Uri.EscapeDataString(marker);
        }

        using var response = await SendAsync(credentials, $"/2.0/folders/{Uri.EscapeDataString(folder.Id)}/items?{query}", cancellationToken);
        await EnsureSuccessAsync(response, credentials, cancellationToken);
        var page = await ReadAsync<BoxItemPage>(response, cancellationToken);

        var items = (page.Entries ?? [])
            .Where(item => item.ItemStatus is null or "active" && !string.IsNullOrEmpty(item.Name) && !string.IsNullOrEmpty(item.Id))
            .Select(item => ToObject(item, folder.FolderPath))
            .OfType<StorageObject>()
            .ToList();
        return new StorageObjectPage(
            [.. items.Where(item => item.Type == StorageObjectType.Directory), .. items.Where(item => item.Type == StorageObjectType.File)],
            string.IsNullOrEmpty(page.NextMarker) ? null : page.NextMarker);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // The whole answer first (within the size cap), so an oversized one is reported as oversized, not as unreadable.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return await response.ReadJsonAsync<T>(CloudProvider.Box, Json, cancellationToken);
    }

    private static StorageObject? ToObject(BoxItem item, string folderPath) => item.Type switch
    {
        "folder" => new StorageObject(item.Id!, item.Name!, folderPath + item.Name + "/", 0, item.ModifiedAt?.ToUniversalTime(), StorageObjectType.Directory),
        "file" => new StorageObject(
            item.Id!, item.Name!, folderPath + item.Name, SizeOf(item.Size), item.ModifiedAt?.ToUniversalTime(), StorageObjectType.File),

        // Web links are bookmarks to other sites: nothing is stored that could be transferred.
        _ => null,
    };

    private static long SizeOf(double? size) => size is { } bytes && double.IsFinite(bytes) && bytes > 0
        ? bytes >= long.MaxValue ? long.MaxValue : (long)Math.Round(bytes)
        : 0;

    private Task<HttpResponseMessage> SendAsync(StorageCredentials credentials, string pathAndQuery, CancellationToken cancellationToken)
    {
        var settings = endpoints.Get(nameof(CloudProvider.Box));
        var url = new Uri(settings.ApiBaseUri(DefaultApiBaseUrl), pathAndQuery);
        var endpoint = OAuthEndpoint.Of<BoxConnector>(CloudProvider.Box, settings, DefaultTokenUrl);
        return session.SendAsync(endpoint, credentials, accessToken =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new("Bearer", accessToken);
            request.Headers.Accept.Add(new("application/json"));
            return request;
        }, cancellationToken);
    }

    /// <summary>
    /// Box's error answers are <c>{type: "error", status, code, message}</c>, given as "code (message)"; a rejected token
    /// may come with an empty body and the reason in <c>WWW-Authenticate</c>.
    /// </summary>
    private async Task EnsureSuccessAsync(HttpResponseMessage response, StorageCredentials credentials, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var tokens = credentials.RequiredTokens;
        string? found = null;
        string? ReasonOf(JsonElement body)
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var code = body.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var message = body.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var reason = (code, message) switch
            {
                ({ Length: > 0 }, { Length: > 0 }) => $"{code} ({message})",
                ({ Length: > 0 }, _) => code,
                _ => message,
            };
            return found = ProviderText.Clean(reason, ProviderText.MaxLength, tokens.AccessToken, tokens.RefreshToken);
        }

        var failure = await response.FailureAsync(CloudProvider.Box, ReasonOf, clock, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && string.IsNullOrEmpty(found) && AuthenticateReasonOf(response) is { } challenge)
        {
            failure = ProviderFailures.FromStatus(
                CloudProvider.Box, 401, ProviderText.Clean(challenge, 300, tokens.AccessToken, tokens.RefreshToken));
        }

        throw failure;
    }

    // WWW-Authenticate: Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."
    private static string? AuthenticateReasonOf(HttpResponseMessage response)
    {
        var parameters = response.Headers.WwwAuthenticate.Select(challenge => challenge.Parameter).FirstOrDefault(p => !string.IsNullOrEmpty(p));
        if (parameters is null)
        {
            return null;
        }

        string? ValueOf(string name)
        {
            var start = parameters.IndexOf(name + "=\"", StringComparison.OrdinalIgnoreCase);
            if (start < 0)
            {
                return null;
            }

            start += name.Length + 2;
            var end = parameters.IndexOf('"', start);
            return end < 0 ? null : parameters[start..end];
        }

        var error = ValueOf("error");
        var description = ValueOf("error_description");
        return error is null ? description : description is null ? error : $"{error} ({description})";
    }
}
