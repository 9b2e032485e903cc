using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.OAuth;
using Amove.CloudAccounts.Connectors.Platform;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace Amove.CloudAccounts.Connectors.OneDrive;

/// <summary>
/// OneDrive (personal and for business) through Microsoft Graph v1.0 with Microsoft.Graph's request builders and models:
/// the user's drives are the buckets, and a folder's children are listed with <c>$top</c> and followed by their
/// <c>@odata.nextLink</c>. Every request goes through <see cref="OAuthSessionRequestAdapter"/>, so through
/// <see cref="OAuthSession"/> and this connector's named HTTP client.
/// </summary>
/// <remarks>
/// Ids: a drive's id lists its root; a folder's id is <c>&lt;drive id&gt;/&lt;item id&gt;</c>. Graph's drive ids ("b!" and
/// base64url, or hex) and item ids (base32, or "HEX!number") may contain '!', but never '/', so the first '/' always splits.
/// </remarks>
public sealed class OneDriveConnector(
    OAuthSession session,
    IOptions<ConnectorsOptions> options,
    IOptionsMonitor<ProviderEndpointOptions> endpoints,
    TimeProvider clock) : IStorageConnector
{
    /// <summary>
    /// The largest <c>$top</c> sent. Graph does not document the maximum for children; its paging guide says "up to 999",
    /// which every Graph collection accepts (some refuse 1000).
    /// </summary>
    public const int MaxPageSize = 999;

    public const string DefaultApiBaseUrl = "https://graph.microsoft.com";

    public const string DefaultTokenUrl = "https://login.microsoftonline.com/common/oauth2/v2.0/token";

    private const char IdSeparator = '/';
    private const string RootItemId = "root";

    // Only what an entry is mapped from; `deleted` so that deleted items can be recognised and left out.
    private static readonly string[] ChildFields = ["id", "name", "size", "lastModifiedDateTime", "folder", "file", "deleted"];
    private static readonly string[] DriveFields = ["id", "name", "createdDateTime"];

    private readonly ConnectorsOptions _settings = options.Value;

    public static ProviderDescription Description { get; } = ProviderDescription.OAuthDrive(CloudProvider.OneDrive, "OneDrive", new OAuthAuthorization
    {
        // offline_access is what makes Microsoft issue a refresh token; Files.Read.All also reaches the drives shared with the user.
        DefaultAuthorizeUrl = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        DefaultTokenUrl = DefaultTokenUrl,
        HttpClientName = ConnectorHttpClients.NameOf(typeof(OneDriveConnector)),
        Scope = "offline_access User.Read Files.Read.All",
        UsesPkce = true,
    });

    public async Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken)
    {
        using var graph = GraphFor(credentials);
        await graph.Me.Drive.GetAsync(request => request.QueryParameters.Select = ["id"], cancellationToken);
    }

    public async Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken)
    {
        using var graph = GraphFor(credentials);
        var drives = new List<Drive>();
        var page = await graph.Me.Drives.GetAsync(drives => drives.QueryParameters.Select = DriveFields, cancellationToken);
        for (var pages = 1; ; pages++)
        {
            drives.AddRange(page?.Value ?? []);
            if (drives.Count > _settings.MaxBuckets)
            {
                throw BoundedStorageConnector.TooManyBuckets(CloudProvider.OneDrive, _settings.MaxBuckets);
            }

            if (string.IsNullOrEmpty(page?.OdataNextLink))
            {
                break;
            }

            if (pages >= _settings.MaxPagesPerRequest)
            {
                throw BoundedStorageConnector.TooManyPages(CloudProvider.OneDrive, _settings.MaxPagesPerRequest, "drives");
            }

            page = await graph.Me.Drives.WithUrl(OnGraphHost(page.OdataNextLink)).GetAsync(cancellationToken: cancellationToken);
        }

        // /me/drives has been seen to leave out the user's own drive: then that one is the list.
        if (drives.Count == 0 && await graph.Me.Drive.GetAsync(drive => drive.QueryParameters.Select = DriveFields, cancellationToken) is { } own)
        {
            drives.Add(own);
        }

        return [.. drives.Where(drive => !string.IsNullOrEmpty(drive.Id)).Select(drive =>
            new StorageBucket(drive.Id!, drive.Name ?? drive.Id!, Region: null, drive.CreatedDateTime?.ToUniversalTime()))];
    }

    public async Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxCount, 1);
        var folder = request.Target as ListingTarget.ById
            ?? throw new ArgumentException("OneDrive folders are listed by id.", nameof(request));
        var (driveId, itemId) = ParseId(folder.Id);

        using var graph = GraphFor(credentials);
        var children = graph.Drives[driveId].Items[itemId].Children;
        var page = request.ProviderCursor is { } nextLink
            ? await children.WithUrl(OnGraphHost(nextLink)).GetAsync(cancellationToken: cancellationToken)
            : await children.GetAsync(
                list =>
                {
                    list.QueryParameters.Top = Math.Min(request.MaxCount, MaxPageSize);
                    list.QueryParameters.Select = ChildFields;
                },
                cancellationToken);

        var items = (page?.Value ?? []).Where(item => item.Deleted is null && !string.IsNullOrEmpty(item.Id) && !string.IsNullOrEmpty(item.Name)).ToList();
        var directories = items.Where(item => item.Folder is not null).Select(item => new StorageObject(
            Id: driveId + IdSeparator + item.Id, Name: item.Name!, Path: folder.FolderPath + item.Name + "/", Size: 0,
            LastModifiedUtc: item.LastModifiedDateTime?.ToUniversalTime(), Type: StorageObjectType.Directory));
        var files = items.Where(item => item.Folder is null).Select(item => new StorageObject(
            Id: driveId + IdSeparator + item.Id, Name: item.Name!, Path: folder.FolderPath + item.Name, Size: item.Size ?? 0,
            LastModifiedUtc: item.LastModifiedDateTime?.ToUniversalTime(), Type: StorageObjectType.File));

        // Checked as it is handed out too, so that a link to elsewhere is never sealed into a continuation token.
        var next = string.IsNullOrEmpty(page?.OdataNextLink) ? null : OnGraphHost(page.OdataNextLink);
        return new StorageObjectPage([.. directories, .. files], next);
    }

    private GraphServiceClient GraphFor(StorageCredentials credentials)
    {
        var configured = endpoints.Get(nameof(CloudProvider.OneDrive));
        var endpoint = OAuthEndpoint.Of<OneDriveConnector>(CloudProvider.OneDrive, configured, DefaultTokenUrl);
        return new GraphServiceClient(new OAuthSessionRequestAdapter(session, endpoint, credentials, clock), GraphBaseUrl);
    }

    // ApiBaseUrl is the scheme and host (and port); the client adds the version segment.
    private string GraphBaseUrl => ApiBaseUri.GetLeftPart(UriPartial.Authority) + "/v1.0";

    private Uri ApiBaseUri => endpoints.Get(nameof(CloudProvider.OneDrive)).ApiBaseUri(DefaultApiBaseUrl);

    /// <summary>
    /// A next link from Graph, to be followed as it is, but only on the Graph host this service is configured for: the
    /// access token goes wherever it points.
    /// </summary>
    private string OnGraphHost(string nextLink)
    {
        var api = ApiBaseUri;
        if (Uri.TryCreate(nextLink, UriKind.Absolute, out var link)
            && string.Equals(link.Scheme, api.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(link.IdnHost, api.IdnHost, StringComparison.OrdinalIgnoreCase)
            && link.Port == api.Port)
        {
            return nextLink;
        }

        throw new StorageProviderException(
            ProviderFailure.Unavailable,
            $"{CloudProvider.OneDrive} handed out a next page link to another host than {api.GetLeftPart(UriPartial.Authority)}; it is not followed.");
    }

    /// <summary>A drive's id (its root), or "&lt;drive id&gt;/&lt;item id&gt;".</summary>
    private static (string DriveId, string ItemId) ParseId(string id)
    {
        var separator = id.IndexOf(IdSeparator, StringComparison.Ordinal);
        if (separator < 0)
        {
            return (id, RootItemId);
        }

        var (driveId, itemId) = (id[..separator], id[(separator + 1)..]);
        return driveId.Length > 0 && itemId.Length > 0
            ? (driveId, itemId)
            : throw new StorageProviderException(ProviderFailure.NotFound, $"{CloudProvider.OneDrive} has no folder with the id '{id}'.");
    }
}
