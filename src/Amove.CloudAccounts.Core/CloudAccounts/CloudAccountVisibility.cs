using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Identity;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>Who sees which cloud account (API reference, section 3), as one query every endpoint starts from.</summary>
public static class CloudAccountVisibility
{
    /// <summary>
    /// Visibility is part of every query: the caller's own accounts, plus, for desktop admins and
    /// creative users, those shared within their Amove account. Never another account's, and never an
    /// inactive one: to every caller it is as if it did not exist.
    /// </summary>
    public static IQueryable<CloudAccount> VisibleTo(this IQueryable<CloudAccount> accounts, CurrentUser caller)
    {
        var seesShared = caller.SeesSharedCloudAccounts;
        return accounts.Where(a =>
            a.AccountId == caller.AccountId && a.Active && (a.UserId == caller.Id || (seesShared && a.Shared)));
    }
}
