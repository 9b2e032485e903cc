using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.Identity;

/// <summary>The caller, as the validated bearer token describes them.</summary>
public sealed record CurrentUser(Guid Id, Guid AccountId, UserType UserType, string? Email)
{
    /// <summary>Desktop admins and desktop creative users also see accounts shared within their Amove account.</summary>
    public bool SeesSharedCloudAccounts =>
        (UserType & (UserType.DesktopAdmin | UserType.DesktopCreativeUser)) != 0;

    public bool IsDesktopAdmin => UserType.HasFlag(UserType.DesktopAdmin);
}
