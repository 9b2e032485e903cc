using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Amove.CloudAccounts.Core.Identity;

/// <summary>Records the users and accounts the service sees for the first time, and refuses inactive users.</summary>
public sealed class UserDirectory(CloudAccountsDbContext db, TimeProvider clock)
{
    public async Task EnsureActiveAsync(CurrentUser caller, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.Id, cancellationToken);
        if (user is null)
        {
            await RecordAsync(caller, cancellationToken);
            return;
        }

        if (!user.Active)
        {
            throw new AmoveException(ErrorCodes.InactiveUser, "The user is not active.");
        }

        if (user.AccountId != caller.AccountId)
        {
            // A user id moving to another tenant is an identity-service bug; never let it cross tenants.
            throw AmoveException.AccessDenied("The token's account does not match the user's account.");
        }

        if (user.UserType != caller.UserType || user.Email != caller.Email)
        {
            user.UserType = caller.UserType;
            user.Email = caller.Email;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task RecordAsync(CurrentUser caller, CancellationToken cancellationToken)
    {
        // First requests race: the same user twice, or several users of a new account. A conflict means another
        // request recorded the account or the user; look again and carry on from what it recorded. Each conflict is
        // progress, so the account and then the user settle within two retries.
        const int MaxAttempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (!await db.Accounts.AnyAsync(a => a.Id == caller.AccountId, cancellationToken))
            {
                db.Accounts.Add(new Account { Id = caller.AccountId, CreatedAt = now });
            }

            db.Users.Add(new User
            {
                Id = caller.Id,
                AccountId = caller.AccountId,
                UserType = caller.UserType,
                Email = caller.Email,
                CreatedAt = now,
            });

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
                if (await db.Users.AnyAsync(u => u.Id == caller.Id, cancellationToken))
                {
                    return;
                }
            }
        }
    }
}
