using System.Text.Json.Serialization;

namespace Amove.CloudAccounts.Core.ApiTokens.Contracts;

/// <summary>An API token as its owner sees it. <see cref="Token"/> is present once, in the answer to <c>insert</c>.</summary>
/// <param name="ExpirationDate">UTC.</param>
/// <param name="CreateDate">UTC.</param>
public sealed record ApiTokenResponse(
    Guid Id,
    Guid UserId,
    Guid SessionId,
    string Title,
    bool IsEncrypted,
    DateTime ExpirationDate,
    DateTime CreateDate)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }
}
