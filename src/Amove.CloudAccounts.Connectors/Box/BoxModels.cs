using System.Text.Json.Serialization;

namespace Amove.CloudAccounts.Connectors.Box;

/// <summary>
/// A page of <c>GET /2.0/folders/{id}/items</c> with marker paging: the entries and the marker of the next page, null on the
/// last one (https://developer.box.com/reference/get-folders-id-items).
/// </summary>
internal sealed record BoxItemPage(
    [property: JsonPropertyName("entries")] IReadOnlyList<BoxItem>? Entries,
    [property: JsonPropertyName("next_marker")] string? NextMarker);

/// <summary>A file, folder or web link in a folder, with the fields the connector asks for.</summary>
/// <param name="Size">
/// A double, not an integer: Box writes large sizes in exponent form (<c>1.2E+10</c>).
/// </param>
/// <param name="ItemStatus"><c>active</c>, <c>trashed</c> or <c>deleted</c>.</param>
internal sealed record BoxItem(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("size")] double? Size,
    [property: JsonPropertyName("modified_at")] DateTimeOffset? ModifiedAt,
    [property: JsonPropertyName("item_status")] string? ItemStatus);

/// <summary>A folder as <c>GET /2.0/folders/{id}</c> describes it.</summary>
internal sealed record BoxFolder(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt);
