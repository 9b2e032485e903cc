using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Amove.CloudAccounts.Core.Identity;

/// <summary>Records the users and accounts the service sees for the first time, and refuses inactive users.</summary>
public sealed class UserDirectory(CloudAccountsDbContext db, RecordedUsers recordedUsers, TimeProvider clock)
{
    // First requests race: the same user twice, or several users of a new account. Each conflict means another request
    // recorded the account or the user, so the loop makes progress and settles within three rounds.
    private const int MaxAttempts = 3;

    /// <summary>
    /// Whether a request may skip <see cref="EnsureActiveAsync"/> because its action checks that the caller is active
    /// in its own query (and calls <see cref="EnsureActiveAsync"/> itself when that query finds nothing).
    /// </summary>
    public bool MayDeferCheckOf(CurrentUser caller) => recordedUsers.AreCurrent(caller);

    public async Task EnsureActiveAsync(CurrentUser caller, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.Id, cancellationToken);
            if (user is not null)
            {
                // Whoever recorded the user, this request or a concurrent one, the same checks apply.
                await CheckAndRefreshAsync(user, caller, cancellationToken);
                recordedUsers.Remember(caller);
                return;
            }

            try
            {
                await RecordAsync(caller, cancellationToken);
                recordedUsers.Remember(caller);
                return;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task CheckAndRefreshAsync(User user, CurrentUser caller, CancellationToken cancellationToken)
    {
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
        await db.SaveChangesAsync(cancellationToken);
    }
}
