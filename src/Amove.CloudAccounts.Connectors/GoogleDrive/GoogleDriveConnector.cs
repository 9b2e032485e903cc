using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.OAuth;
using Amove.CloudAccounts.Connectors.Platform;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.GoogleDrive;

/// <summary>
/// Google Drive through its REST API v3 (<c>/drive/v3/...</c>) with the account's OAuth tokens (<see cref="OAuthSession"/>).
/// The buckets are My Drive (id <c>root</c>) and every shared drive the user is a member of; a folder's entries are its
/// children that are not in the trash.
/// <para>
/// Ids: Drive's file ids are unique across drives, but listing inside a shared drive needs the drive's id too
/// (<c>corpora=drive&amp;driveId=</c>), so everything in a shared drive is handed out as <c>&lt;driveId&gt;:&lt;fileId&gt;</c>
/// (the drive itself as <c>&lt;driveId&gt;:&lt;driveId&gt;</c>, its root folder having the drive's id). My Drive's root
/// is <c>root</c> and its folders are their plain file ids. Drive ids are letters, digits, '-' and '_', never ':'.
/// </para>
/// </summary>
public sealed partial class GoogleDriveConnector(
    IOptions<ConnectorsOptions> options,
    IOptionsMonitor<ProviderEndpointOptions> endpoints,
    OAuthSession session,
    TimeProvider clock) : IStorageConnector
{
    public const string DefaultApiBaseUrl = "https://www.googleapis.com";
    public const string DefaultTokenUrl = "https://oauth2.googleapis.com/token";

    /// <summary>The bucket id of the user's own drive: Drive's alias for its root folder.</summary>
    public const string MyDriveId = "root";

    public const string MyDriveName = "My Drive";

    // files.list takes 1 to 1000 entries a page, drives.list 1 to 100.
    private const int MaxFilesPageSize = 1000;
    private const int MaxDrivesPageSize = 100;
    private const string ListFields = "nextPageToken,incompleteSearch,files(id,name,mimeType,size,modifiedTime)";

    private readonly ConnectorsOptions _settings = options.Value;

    public static ProviderDescription Description { get; } = ProviderDescription.OAuthDrive(CloudProvider.GoogleDrive, "Google Drive", new OAuthAuthorization
    {
        // Read-only Drive; "offline" issues a refresh token, and "consent" issues it again to a user who connected before.
        DefaultAuthorizeUrl = "https://accounts.google.com/o/oauth2/v2/auth",
        DefaultTokenUrl = DefaultTokenUrl,
        HttpClientName = ConnectorHttpClients.NameOf(typeof(GoogleDriveConnector)),
        Scope = "https://www.googleapis.com/auth/drive.readonly",
        Parameters = [new("access_type", "offline"), new("prompt", "consent")],
        UsesPkce = true,
    });

    public async Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken)
    {
        // The signed-in user: one read-only call that every Drive scope allows.
        using var response = await SendAsync(credentials, "about", [("fields", "user")], cancellationToken);
        _ = await ReadAsync<DriveAbout>(response, credentials, cancellationToken);
    }

    public async Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken)
    {
        var buckets = new List<StorageBucket> { new(MyDriveId, MyDriveName, Region: null, CreationDate: null) };
        string? pageToken = null;
        for (var pages = 1; ; pages++)
        {
            List<(string, string)> query = [("pageSize", MaxDrivesPageSize.ToString(CultureInfo.InvariantCulture)), ("fields", "nextPageToken,drives(id,name,createdTime)")];
            if (pageToken is not null)
            {
                query.Add(("pageToken", pageToken));
            }

            using var response = await SendAsync(credentials, "drives", query, cancellationToken);
            var page = await ReadAsync<SharedDriveList>(response, credentials, cancellationToken);
            buckets.AddRange((page.Drives ?? [])
                .Where(drive => IsDriveId(drive.Id))
                .Select(drive => new StorageBucket(SharedDriveItemId(drive.Id!, drive.Id!), drive.Name ?? "", Region: null, drive.CreatedTime?.ToUniversalTime())));
            if (buckets.Count > _settings.MaxBuckets)
            {
                throw BoundedStorageConnector.TooManyBuckets(CloudProvider.GoogleDrive, _settings.MaxBuckets);
            }

            // Drive may answer a short or even empty page before the last one: only a missing token ends the list.
            pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
            if (pageToken is null)
            {
                return buckets;
            }

            if (pages >= _settings.MaxPagesPerRequest)
            {
                throw BoundedStorageConnector.TooManyPages(CloudProvider.GoogleDrive, _settings.MaxPagesPerRequest, "shared drives");
            }
        }
    }

    public async Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxCount, 1);
        var target = request.Target as ListingTarget.ById
            ?? throw new ArgumentException("Google Drive folders are listed by id.", nameof(request));
        var folder = FolderOf(target.Id);

        List<(string, string)> query =
        [
            ("q", $"'{folder.FolderId}' in parents and trashed = false"),
            ("fields", ListFields),
            ("orderBy", "folder,name"),
            ("pageSize", Math.Min(request.MaxCount, MaxFilesPageSize).ToString(CultureInfo.InvariantCulture)),
            ("supportsAllDrives", "true"),
            ("includeItemsFromAllDrives", "true"),
        ];
        if (folder.DriveId is { } driveId)
        {
            query.Add(("corpora", "drive"));
            query.Add(("driveId", driveId));
        }

        if (request.ProviderCursor is { } cursor)
        {
            query.Add(("pageToken", cursor));
        }

        DriveFileList page;
        using (var response = await SendAsync(credentials, "files", query, cancellationToken))
        {
            page = await ReadAsync<DriveFileList>(response, credentials, cancellationToken);
        }

        var files = page.Files ?? [];
        var nextCursor = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;

        // Drive lists the children of a folder that is gone (or of a file) as nothing at all, so a first page that is also
        // the last and empty is the one place where it is worth asking whether the folder is there.
        if (request.IsFirstPage && nextCursor is null && files.Count == 0)
        {
            await EnsureFolderExistsAsync(credentials, folder, cancellationToken);
        }

        var entries = files.Select(file => EntryOf(file, folder, target.FolderPath)).ToList();
        return new StorageObjectPage(
            [.. entries.Where(entry => entry.Type == StorageObjectType.Directory), .. entries.Where(entry => entry.Type == StorageObjectType.File)],
            nextCursor);
    }

    private static StorageObject EntryOf(DriveFile file, DriveFolder folder, string folderPath)
    {
        var name = file.Name ?? "";
        var id = folder.DriveId is { } driveId ? SharedDriveItemId(driveId, file.Id ?? "") : file.Id ?? "";
        return file.IsFolder
            ? new StorageObject(id, name, folderPath + name + "/", 0, file.ModifiedTime?.ToUniversalTime(), StorageObjectType.Directory)
            : new StorageObject(id, name, folderPath + name, file.Size ?? 0, file.ModifiedTime?.ToUniversalTime(), StorageObjectType.File);
    }

    private async Task EnsureFolderExistsAsync(StorageCredentials credentials, DriveFolder folder, CancellationToken cancellationToken)
    {
        if (folder.FolderId == MyDriveId)
        {
            return;
        }

        if (folder.DriveId is { } driveId && driveId == folder.FolderId)
        {
            // A shared drive's root: the drive itself (corpora=drive already answers 404 for a drive that is gone).
            using var drive = await SendAsync(credentials, $"drives/{driveId}", [("fields", "id")], cancellationToken);
            await EnsureSuccessAsync(drive, credentials, cancellationToken);
            return;
        }

        using var response = await SendAsync(
            credentials, $"files/{folder.FolderId}", [("fields", "id,mimeType,trashed"), ("supportsAllDrives", "true")], cancellationToken);
        var file = await ReadAsync<DriveFile>(response, credentials, cancellationToken);
        if (file.Trashed == true)
        {
            throw new StorageProviderException(ProviderFailure.NotFound, $"{CloudProvider.GoogleDrive} has this folder in the trash.");
        }

        if (!file.IsFolder)
        {
            throw new StorageProviderException(ProviderFailure.NotFound, $"{CloudProvider.GoogleDrive} has no folder with this id: it is a file.");
        }
    }

    /// <summary>Reads an id this connector handed out; anything else names no folder it could have listed.</summary>
    private static DriveFolder FolderOf(string id)
    {
        var separator = id.IndexOf(':', StringComparison.Ordinal);
        var folder = separator < 0
            ? new DriveFolder(null, id)
            : new DriveFolder(id[..separator], id[(separator + 1)..]);
        return (folder.DriveId is null || IsDriveId(folder.DriveId)) && IsDriveId(folder.FolderId)
            ? folder
            : throw new StorageProviderException(ProviderFailure.NotFound, $"{CloudProvider.GoogleDrive} has no folder with this id.");
    }

    private static string SharedDriveItemId(string driveId, string fileId) => $"{driveId}:{fileId}";

    // Drive's ids are URL-safe base64-like strings; checking them keeps the query's quoting and the URL paths intact.
    private static bool IsDriveId(string? id) => id is not null && DriveIdPattern().IsMatch(id);

    private async Task<HttpResponseMessage> SendAsync(
        StorageCredentials credentials, string resource, IEnumerable<(string Name, string Value)> query, CancellationToken cancellationToken)
    {
        var configured = endpoints.Get(nameof(CloudProvider.GoogleDrive));
        var endpoint = OAuthEndpoint.Of<GoogleDriveConnector>(CloudProvider.GoogleDrive, configured, DefaultTokenUrl);
        var queryString = string.Join('&', query.Select(pair => $"{pair.Name}={Uri.EscapeDataString(pair.Value)}"));
        var url = new Uri($"{configured.ApiBaseUri(DefaultApiBaseUrl).AbsoluteUri.TrimEnd('/')}/drive/v3/{resource}?{queryString}");
        return await session.SendAsync(
            endpoint,
            credentials,
            accessToken => new HttpRequestMessage(HttpMethod.Get, url)
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
            },
            cancellationToken);
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, StorageCredentials credentials, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, credentials, cancellationToken);

        // Read the whole body (held to MaxResponseBytes) before parsing, so an answer that is too large is reported as
        // such rather than as whatever the parser makes of its first bytes.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return await response.ReadJsonAsync<T>(CloudProvider.GoogleDrive, GoogleDriveJson.Options, cancellationToken);
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, StorageCredentials credentials, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await GoogleDriveFailures.FailureAsync(response, credentials.RequiredTokens, clock, cancellationToken);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex DriveIdPattern();

    /// <param name="DriveId">The shared drive the folder is in; null for My Drive.</param>
    private sealed record DriveFolder(string? DriveId, string FolderId);
}
