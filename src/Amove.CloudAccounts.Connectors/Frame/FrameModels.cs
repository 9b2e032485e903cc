using System.Text.Json.Serialization;

namespace Amove.CloudAccounts.Connectors.Frame;

/// <summary>
/// Every Frame.io v4 list answers this envelope: one page of <c>data</c>, and <c>links.next</c>, a relative path to the
/// next page that carries the opaque <c>after</c> cursor (null on the last page).
/// </summary>
internal sealed record FramePage<T>(
    [property: JsonPropertyName("data")] IReadOnlyList<T>? Data,
    [property: JsonPropertyName("links")] FrameLinks? Links,
    [property: JsonPropertyName("total_count")] long? TotalCount);

internal sealed record FrameLinks([property: JsonPropertyName("next")] string? Next);

/// <summary>A single resource's envelope (<c>GET /v4/me</c>).</summary>
internal sealed record FrameSingle<T>([property: JsonPropertyName("data")] T? Data);

internal sealed record FrameUser([property: JsonPropertyName("id")] string? Id);

internal sealed record FrameAccount(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("display_name")] string? DisplayName);

/// <summary>A project: a bucket, listed from its root folder.</summary>
internal sealed record FrameProject(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("root_folder_id")] string? RootFolderId,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt);

/// <summary>A folder's child: <c>type</c> is <c>file</c>, <c>folder</c> or <c>version_stack</c>.</summary>
internal sealed record FrameItem(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("file_size")] double? FileSize,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt);
