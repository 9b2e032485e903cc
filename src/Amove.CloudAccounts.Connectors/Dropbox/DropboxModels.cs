using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amove.CloudAccounts.Connectors.Dropbox;

/// <summary>The parts of Dropbox API v2's documented wire format this connector reads and sends (snake_case JSON).</summary>
internal static class DropboxJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary><c>files/list_folder</c>'s argument (<c>ListFolderArg</c>).</summary>
internal sealed record DropboxListFolderArg(string Path, int Limit, bool IncludeDeleted);

/// <summary><c>files/list_folder/continue</c>'s argument.</summary>
internal sealed record DropboxListFolderContinueArg(string Cursor);

/// <summary><c>ListFolderResult</c>: one page of entries, and the cursor to the next while <c>has_more</c>.</summary>
internal sealed record DropboxListFolderResult(IReadOnlyList<DropboxMetadata>? Entries, string? Cursor, bool HasMore);

/// <summary>
/// <c>Metadata</c>, a union named by <c>.tag</c>: <c>file</c> (with <c>size</c> and <c>server_modified</c>), <c>folder</c>, or
/// <c>deleted</c> (which has no id).
/// </summary>
internal sealed record DropboxMetadata(
    [property: JsonPropertyName(".tag")] string? Tag,
    string? Name,
    string? Id,
    DateTimeOffset? ServerModified,
    long? Size);

/// <summary>The parts of <c>users/get_current_account</c>'s <c>FullAccount</c> that name the account's roots.</summary>
internal sealed record DropboxAccount(DropboxRootInfo? RootInfo, DropboxTeam? Team);

/// <summary>
/// <c>RootInfo</c>: <c>root_namespace_id</c> is the team space's root for an account in a team with a team space, and the
/// same as <c>home_namespace_id</c> otherwise (the <c>.tag</c> alone does not tell: a team member can be tagged "user").
/// </summary>
internal sealed record DropboxRootInfo(
    [property: JsonPropertyName(".tag")] string? Tag,
    string? RootNamespaceId,
    string? HomeNamespaceId);

internal sealed record DropboxTeam(string? Name);
