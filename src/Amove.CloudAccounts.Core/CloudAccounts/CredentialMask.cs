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
}
