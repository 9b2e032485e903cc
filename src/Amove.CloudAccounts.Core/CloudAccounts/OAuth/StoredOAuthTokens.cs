using System.Collections.Concurrent;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Amove.CloudAccounts.Core.CloudAccounts.OAuth;

/// <summary>
/// Keeps stored cloud accounts' OAuth tokens (<see cref="IOAuthTokenKeeper"/> per account). A renewal locks the account's
/// row in the database for its duration (PostgreSQL holds the row lock, SQLite the write lock, until the transaction ends),
/// so renewals of one account run one at a time across requests and instances; each reads the stored tokens again under
/// the lock and refreshes only if nobody did meanwhile. Renewed tokens are kept in memory until their save commits, so a
/// save that fails cannot lose a rotated refresh token: the next renewal saves them instead of refreshing again.
/// </summary>
public sealed class StoredOAuthTokens(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StoredOAuthTokens> logger)
{
    private readonly ConcurrentDictionary<Guid, OAuthTokens> _unsaved = new();

    /// <summary>The tokens to use for an account read from the database: renewed ones not saved yet win.</summary>
    public OAuthTokens? Current(Guid cloudAccountId, string? storedJson, DateTimeOffset storedAt) =>
        _unsaved.TryGetValue(cloudAccountId, out var unsaved) ? unsaved
        : OAuthTokens.TryParse(storedJson, storedAt, out var stored) ? stored
        : null;

    public IOAuthTokenKeeper For(Guid cloudAccountId) => new Keeper(this, cloudAccountId);

    private async Task<OAuthTokens> RenewAsync(
        Guid cloudAccountId,
        OAuthTokens stale,
        Func<OAuthTokens, CancellationToken, Task<OAuthTokens>> refresh,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();

        // Retrying the whole unit on a transient database failure is safe: a refresh that already succeeded is in
        // _unsaved, and the retry saves it rather than refreshing again.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var account = db.CloudAccounts.IgnoreQueryFilters().Where(a => a.Id == cloudAccountId);
            await account.ExecuteUpdateAsync(set => set.SetProperty(a => a.UpdatedAt, a => a.UpdatedAt), cancellationToken);
            var stored = await account.Select(a => new { a.CredentialsData, a.CreatedAt }).SingleOrDefaultAsync(cancellationToken)
                ?? throw new StorageProviderException(ProviderFailure.NotFound, "The cloud account no longer exists.");

            var current = Current(cloudAccountId, stored.CredentialsData, new DateTimeOffset(DateTime.SpecifyKind(stored.CreatedAt, DateTimeKind.Utc)))
                ?? stale;
            var unsaved = _unsaved.ContainsKey(cloudAccountId);
            if (!current.IsSameAs(stale) && !unsaved)
            {
                // Another request or instance renewed them while this one waited for the lock.
                return current;
            }

            var fresh = current.IsSameAs(stale) ? await refresh(current, cancellationToken) : current;
            _unsaved[cloudAccountId] = fresh;
            try
            {
                var json = fresh.ToJson();
                var now = clock.GetUtcNow().UtcDateTime;
                await account.ExecuteUpdateAsync(
                    set => set.SetProperty(a => a.CredentialsData, json).SetProperty(a => a.UpdatedAt, now), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                _unsaved.TryRemove(new KeyValuePair<Guid, OAuthTokens>(cloudAccountId, fresh));
            }
            catch (Exception exception) when (exception is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                // The provider has the new tokens (and may have retired the old refresh token): use them now, save them on
                // the next renewal.
                logger.LogWarning(exception, "Renewed OAuth tokens of cloud account {CloudAccountId} could not be saved yet.", cloudAccountId);
            }

            return fresh;
        });
    }

    private sealed class Keeper(StoredOAuthTokens tokens, Guid cloudAccountId) : IOAuthTokenKeeper
    {
        public Task<OAuthTokens> RenewAsync(
            OAuthTokens stale, Func<OAuthTokens, CancellationToken, Task<OAuthTokens>> refresh, CancellationToken cancellationToken) =>
            tokens.RenewAsync(cloudAccountId, stale, refresh, cancellationToken);
    }
}
