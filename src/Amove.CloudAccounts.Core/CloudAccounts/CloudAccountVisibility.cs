using System.Linq.Expressions;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Identity;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>
/// Who sees which cloud account, stated once: a caller sees their own and, if a desktop admin or desktop creative
/// user, those shared within their Amove account. Never another account's, and never an inactive one: to every
/// caller it is as if it did not exist.
/// </summary>
public static class CloudAccountVisibility
{
    /// <summary>The rule as an expression, for queries compiled ahead (<see cref="GetAllRows"/>).</summary>
    internal static readonly Expression<Func<CloudAccountsDbContext, Guid, Guid, bool, IQueryable<CloudAccount>>> Rule =
        (db, userId, accountId, seesShared) => db.CloudAccounts.Where(a =>
            a.AccountId == accountId && a.Active && (a.UserId == userId || (seesShared && a.Shared)));

    private static readonly Func<CloudAccountsDbContext, Guid, Guid, bool, IQueryable<CloudAccount>> Apply = Rule.Compile();

    /// <summary>The cloud accounts <paramref name="caller"/> can see; the caller's ids become query parameters.</summary>
    public static IQueryable<CloudAccount> VisibleTo(this CloudAccountsDbContext db, CurrentUser caller) =>
        Apply(db, caller.Id, caller.AccountId, caller.SeesSharedCloudAccounts);
}
