using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amove.CloudAccounts.Connectors.GoogleDrive;

/// <summary>The parts of Drive API v3's JSON answers this connector asks for (with <c>fields</c>) and reads.</summary>
internal static class GoogleDriveJson
{
    // Drive sends int64 values such as a file's size as JSON strings.
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

/// <summary><c>files.list</c>: one page of a folder's children.</summary>
internal sealed record DriveFileList(string? NextPageToken, bool IncompleteSearch, IReadOnlyList<DriveFile>? Files);

/// <summary>A file or folder; Google Docs, Sheets and other Workspace documents have no <c>size</c>.</summary>
internal sealed record DriveFile(string? Id, string? Name, string? MimeType, long? Size, DateTimeOffset? ModifiedTime, bool? Trashed)
{
    public const string FolderMimeType = "application/vnd.google-apps.folder";

    public bool IsFolder => MimeType == FolderMimeType;
}

/// <summary><c>drives.list</c>: one page of the user's shared drives.</summary>
internal sealed record SharedDriveList(string? NextPageToken, IReadOnlyList<SharedDrive>? Drives);

internal sealed record SharedDrive(string? Id, string? Name, DateTimeOffset? CreatedTime);

/// <summary><c>about</c> with <c>fields=user</c>: who the token belongs to.</summary>
internal sealed record DriveAbout(DriveAboutUser? User);

internal sealed record DriveAboutUser(string? DisplayName, string? EmailAddress);

/// <summary>Drive's error answer: <c>{"error":{"code","message","errors":[{"domain","reason","message"}]}}</c>.</summary>
internal sealed record DriveErrorAnswer(DriveError? Error);

internal sealed record DriveError(int? Code, string? Message, IReadOnlyList<DriveErrorItem>? Errors);

internal sealed record DriveErrorItem(string? Domain, string? Reason, string? Message);
