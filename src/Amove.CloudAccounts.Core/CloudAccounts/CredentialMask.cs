using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>How stored credentials appear in responses (API reference, section 5).</summary>
public static class CredentialMask
{
    public const string Hidden = "**********";
    private const int VisibleAccessKeyPrefix = 3;

    /// <summary>The first three characters and <c>*****</c>; a key too short to keep anything hidden shows none of it.</summary>
    public static string? AccessKey(string? accessKey) => accessKey switch
    {
        null => null,
        { Length: <= VisibleAccessKeyPrefix } => "*****",
        _ => accessKey[..VisibleAccessKeyPrefix] + "*****",
    };

    public static string? Secret(bool isSet) => isSet ? Hidden : null;

    /// <summary>A stored cloud account as every endpoint answers with it: nothing secret in it.</summary>
    public static CloudAccountResponse Masked(CloudAccount a) => new(
        a.Id, a.AccountId, a.UserId, a.CloudType, a.Name,
        a.MaskedAccessKey,
        Secret(a.SecretKey is not null),
        Secret(a.CredentialsData is not null),
        a.ServiceUrl, a.Active, a.Shared, a.InternalStorage, a.StorageTier);
}
