using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.OAuth;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Dropbox;

/// <summary>
/// Dropbox with HTTP API v2 (RPC calls: POST with a JSON body) through this connector's named HTTP client and the
/// <see cref="OAuthSession"/>. The buckets are the user's own root (<see cref="RootBucketId"/>) and, for an account in a
/// team with a team space, the team space's root, reached with the <c>Dropbox-API-Path-Root</c> header. Folders are listed
/// by the ids Dropbox gives them ("id:..."), prefixed with the team space's bucket id for the team space's folders.
/// </summary>
public sealed partial class DropboxConnector(
    OAuthSession session,
    IOptionsMonitor<ProviderEndpointOptions> endpoints,
    TimeProvider clock) : IStorageConnector
{
    /// <summary>The bucket id of the user's own root (their home folder, <c>""</c> in Dropbox paths).</summary>
    public const string RootBucketId = "root";

    /// <summary>The name the user's own root is listed under.</summary>
    public const string RootBucketName = "Dropbox";

    /// <summary>The name the team space is listed under when Dropbox does not name the team.</summary>
    public const string TeamSpaceName = "Team space";

    /// <summary><c>files/list_folder</c>'s largest <c>limit</c>.</summary>
    public const int MaxPageSize = 2000;

    private const string DefaultApiBaseUrl = "https://api.dropboxapi.com";
    private const string DefaultTokenUrl = "https://api.dropboxapi.com/oauth2/token";
    private const string TeamBucketPrefix = "team:";
    private const string PathRootHeader = "Dropbox-API-Path-Root";
    private const int MaxReasonLength = 300;

    public static ProviderDescription Description { get; } = ProviderDescription.OAuthDrive(CloudProvider.Dropbox, "Dropbox", new OAuthAuthorization
    {
        // Only what the connector reads; "offline" is what makes Dropbox issue a refresh token.
        DefaultAuthorizeUrl = "https://www.dropbox.com/oauth2/authorize",
        DefaultTokenUrl = DefaultTokenUrl,
        HttpClientName = ConnectorHttpClients.NameOf(typeof(DropboxConnector)),
        Scope = "account_info.read files.metadata.read",
        Parameters = [new("token_access_type", "offline")],
        UsesPkce = true,
    });

    public async Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
        await GetCurrentAccountAsync(credentials, cancellationToken);

    public async Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken)
    {
        var account = await GetCurrentAccountAsync(credentials, cancellationToken);
        var buckets = new List<StorageBucket> { new(RootBucketId, RootBucketName, Region: null, CreationDate: null) };

        // A team space is a root above the member's home; without one both namespaces are the same.
        if (account.RootInfo is { RootNamespaceId: { } root, HomeNamespaceId: var home } && root != home && NamespaceId().IsMatch(root))
        {
            var name = string.IsNullOrWhiteSpace(account.Team?.Name) ? TeamSpaceName : account.Team.Name;
            buckets.Add(new StorageBucket(TeamBucketPrefix + root, name, Region: null, CreationDate: null));
        }

        return buckets;
    }

    public async Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        var target = request.Target as ListingTarget.ById
            ?? throw new ArgumentException("Dropbox folders are listed by id.", nameof(request));
        var (namespaceId, path) = Locate(target.Id);

        // Exactly one call: the first page from the folder, the next ones from Dropbox's cursor.
        var (route, argument) = request.ProviderCursor is { } cursor
            ? ("2/files/list_folder/continue", JsonSerializer.Serialize(new DropboxListFolderContinueArg(cursor), DropboxJson.Options))
            : ("2/files/list_folder", JsonSerializer.Serialize(
                new DropboxListFolderArg(path, Math.Min(request.MaxCount, MaxPageSize), IncludeDeleted: false), DropboxJson.Options));

        using var response = await SendAsync(credentials, route, argument, namespaceId, safeToRepeat: true, cancellationToken);
        var result = await response.ReadJsonAsync<DropboxListFolderResult>(CloudProvider.Dropbox, DropboxJson.Options, cancellationToken);

        var prefix = namespaceId is null ? "" : TeamBucketPrefix + namespaceId + "/";
        var entries = (result.Entries ?? []).Where(entry => entry is { Name.Length: > 0 } && entry.Tag is "file" or "folder").ToList();
        var directories = entries.Where(entry => entry.Tag == "folder").OrderBy(entry => entry.Name, NameOrder).Select(folder => new StorageObject(
            Id: prefix + folder.Id, Name: folder.Name!, Path: target.FolderPath + folder.Name + "/", Size: 0, LastModifiedUtc: null,
            Type: StorageObjectType.Directory));
        var files = entries.Where(entry => entry.Tag == "file").OrderBy(entry => entry.Name, NameOrder).Select(file => new StorageObject(
            Id: file.Id is null ? "" : prefix + file.Id, Name: file.Name!, Path: target.FolderPath + file.Name, Size: file.Size ?? 0,
            LastModifiedUtc: file.ServerModified?.ToUniversalTime(), Type: StorageObjectType.File));

        return new StorageObjectPage([.. directories, .. files], result.HasMore && !string.IsNullOrEmpty(result.Cursor) ? result.Cursor : null);
    }

    // As Dropbox shows names: case-insensitively, ties broken by case so the order is total.
    private static StringComparer NameOrder { get; } = StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, ignoreCase: true);

    /// <summary>
    /// The namespace (null: the user's own root) and the Dropbox path of an id this connector returned: "root", "team:&lt;ns&gt;",
    /// "id:..." or "team:&lt;ns&gt;/id:..." (a bare Dropbox id is looked up as "id:..."). Anything else names nothing Dropbox has.
    /// </summary>
    private static (string? NamespaceId, string Path) Locate(string id)
    {
        if (id == RootBucketId)
        {
            return (null, "");
        }

        if (id.StartsWith("id:", StringComparison.Ordinal) && id.Length > 3)
        {
            return (null, id);
        }

        // An id this connector did not give out may still be a Dropbox file id without its prefix: Dropbox says whether it is.
        if (BareDropboxId().IsMatch(id))
        {
            return (null, "id:" + id);
        }

        if (id.StartsWith(TeamBucketPrefix, StringComparison.Ordinal))
        {
            var rest = id[TeamBucketPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var (namespaceId, path) = slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
            if (NamespaceId().IsMatch(namespaceId) && (path.Length == 0 || (path.StartsWith("id:", StringComparison.Ordinal) && path.Length > 3)))
            {
                return (namespaceId, path);
            }
        }

        throw new StorageProviderException(ProviderFailure.NotFound, $"Dropbox has no bucket or folder with the id '{id}'.");
    }

    private async Task<DropboxAccount> GetCurrentAccountAsync(StorageCredentials credentials, CancellationToken cancellationToken)
    {
        // The route takes no argument: Dropbox wants no body at all (and then no Content-Type), as its documentation shows.
        // It only reads, so it may be retried like a GET.
        using var response = await SendAsync(credentials, "2/users/get_current_account", argument: null, namespaceId: null, safeToRepeat: true, cancellationToken);
        return await response.ReadJsonAsync<DropboxAccount>(CloudProvider.Dropbox, DropboxJson.Options, cancellationToken);
    }

    /// <summary>One RPC call with a valid access token; an error answer is thrown as its failure.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        StorageCredentials credentials, string route, string? argument, string? namespaceId, bool safeToRepeat, CancellationToken cancellationToken)
    {
        var settings = endpoints.Get(nameof(CloudProvider.Dropbox));
        var url = new Uri(settings.ApiBaseUri(DefaultApiBaseUrl), route);
        var endpoint = OAuthEndpoint.Of<DropboxConnector>(CloudProvider.Dropbox, settings, DefaultTokenUrl);
        var response = await session.SendAsync(endpoint, credentials, accessToken =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            if (argument is not null)
            {
                request.Content = new StringContent(argument, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            if (namespaceId is not null)
            {
                request.Headers.TryAddWithoutValidation(PathRootHeader, $$"""{".tag": "root", "root": "{{namespaceId}}"}""");
            }

            return safeToRepeat ? request.MarkSafeToRepeat() : request;
        }, cancellationToken);

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await FailureOfAsync(response, credentials, cancellationToken);
        }
    }

    /// <summary>
    /// Dropbox's error answers: 409 for an endpoint's own errors (<c>path/not_found/...</c> is a folder that is not there),
    /// 401 for the token, 429 with <c>Retry-After</c>, 5xx; the <c>error_summary</c> (or the plain text of a 400) is the reason.
    /// </summary>
    private async Task<StorageProviderException> FailureOfAsync(HttpResponseMessage response, StorageCredentials credentials, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? summary = null;
        double? retryAfterSeconds = null;
        try
        {
            using var body = JsonDocument.Parse(text);
            if (body.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (body.RootElement.TryGetProperty("error_summary", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    summary = value.GetString();
                }

                if (body.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                    && error.TryGetProperty("retry_after", out var after) && after.TryGetDouble(out var seconds))
                {
                    retryAfterSeconds = seconds;
                }
            }
        }
        catch (JsonException)
        {
            // A 400 explains itself in plain text; a proxy's page says nothing worth passing on beyond the status.
            summary = response.Content.Headers.ContentType?.MediaType == "text/plain" ? text : null;
        }

        var tokens = credentials.Tokens;
        var reason = ProviderText.Clean(summary, MaxReasonLength, tokens?.AccessToken, tokens?.RefreshToken);
        var status = (int)response.StatusCode;
        if (status == 409 && (summary?.Contains("not_found", StringComparison.Ordinal) == true || summary?.Contains("not_folder", StringComparison.Ordinal) == true))
        {
            status = 404;
        }

        var retryAfter = ProviderFailures.RetryAfterOf(response.Headers.RetryAfter?.ToString(), clock.GetUtcNow())
            ?? (retryAfterSeconds is >= 0 and <= 86_400 ? TimeSpan.FromSeconds(retryAfterSeconds.Value) : null);
        return ProviderFailures.FromStatus(CloudProvider.Dropbox, status, reason, retryAfter);
    }

    // Dropbox namespace ids are decimal numbers; nothing else may reach a header.
    [GeneratedRegex("^[0-9]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceId();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex BareDropboxId();
}
