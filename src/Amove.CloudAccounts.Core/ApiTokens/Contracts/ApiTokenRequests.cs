using Amove.CloudAccounts.Core.Validation;

namespace Amove.CloudAccounts.Core.ApiTokens.Contracts;

/// <summary>The body of <c>apitoken/insert</c>.</summary>
public sealed record InsertApiTokenRequest
{
    /// <summary>What the token is for, as the owner will recognise it in the list; 1 to 100 characters.</summary>
    public string? Title { get; init; }

    /// <summary>When true, the token itself is encrypted and <c>get_amove_storage</c> encrypts the keys it returns with <see cref="EncryptionKey"/>.</summary>
    public bool IsEncrypted { get; init; }

    /// <summary>Required when <see cref="IsEncrypted"/> is true: at least 16 characters. Never shown again.</summary>
    public string? EncryptionKey { get; init; }

    /// <summary>When the token stops working: in the future, at most one year ahead. Without an offset it is read as UTC.</summary>
    public DateTime? ExpirationDate { get; init; }
}

/// <summary>Query parameters of <c>apitoken/get_all</c>; all optional (unpaged, newest first).</summary>
public sealed record GetAllApiTokensQuery : IPagedQuery
{
    /// <summary>1-based page; 0 or absent with pageSize 0 means unpaged. A page past the data is empty.</summary>
    public int Page { get; init; }

    /// <summary>0 or absent means unpaged.</summary>
    public int PageSize { get; init; }

    /// <summary>CreateDate (default) or Title.</summary>
    public string? SortField { get; init; }

    /// <summary>Absent: newest first for CreateDate, A to Z for Title.</summary>
    public bool? Descending { get; init; }
}
