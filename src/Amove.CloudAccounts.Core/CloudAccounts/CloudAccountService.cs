using System.Data.Common;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.CloudAccounts.OAuth;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Amove.CloudAccounts.Core.Identity;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>The generic cloud-account operations: list, connect, share, delete and browse.</summary>
public sealed class CloudAccountService(
    CloudAccountsDbContext db,
    UserDirectory users,
    StorageConnectors connectors,
    OutboundGuard outboundGuard,
    ContinuationTokens continuationTokens,
    IValidator<GetAllQuery> getAllValidator,
    IValidator<InsertCloudAccountRequest> insertValidator,
    IValidator<ManageShareRequest> manageShareValidator,
    IValidator<ListBucketsRequest> listBucketsValidator,
    IValidator<ListObjectsRequest> listObjectsValidator,
    StoredOAuthTokens storedTokens,
    TimeProvider clock)
{
    public async Task<DtoCollection<CloudAccountResponse>> GetAllAsync(
        CurrentUser caller, GetAllQuery query, CancellationToken cancellationToken)
    {
        await getAllValidator.ValidateAndThrowAsync(query, cancellationToken);

        // The caller being active is part of this query, not a lookup of its own (see UserDirectory.MayDeferCheckOf):
        // get_all is the hot path, and a deactivation still takes effect on the very next request.
        var sortField = query.SortField is null ? CloudAccountSort.Name : CloudAccountSort.Parse(query.SortField);
        var paged = query.PageSize > 0;
        var page = paged ? Math.Max(query.Page, 1) : 0;

        // In 64 bits: a page far beyond the data is simply empty, never an overflow.
        var skip = paged ? (page - 1L) * query.PageSize : 0L;
        var rows = await db.WholeReadStrategy().ExecuteAsync(
            async cancel => await GetAllRows.For(db, sortField, query.Descending)(
                    db, caller.Id, caller.AccountId, caller.SeesSharedCloudAccounts,
                    (int)Math.Min(skip, int.MaxValue), paged ? query.PageSize : int.MaxValue)
                .ToListAsync(cancel),
            cancellationToken);

        if (rows.Count == 0)
        {
            // Nothing visible, or not allowed to see anything: only the user record tells which.
            await users.EnsureActiveAsync(caller, cancellationToken);
        }

        // The total costs a second query only when the page itself cannot tell it: unpaged, or a last page that is
        // neither full nor empty, already says how many there are.
        var pageTellsTotal = !paged || (rows.Count < query.PageSize && (rows.Count > 0 || page == 1));
        var total = pageTellsTotal ? (int)(skip + rows.Count) : await VisibleTo(caller).CountAsync(cancellationToken);

        return new DtoCollection<CloudAccountResponse>(
            rows, total, new QueryOptions(query.PageSize, page, [new SortDescriptor(sortField, query.Descending)]));
    }

    public async Task<CloudAccountResponse> InsertAsync(
        CurrentUser caller, InsertCloudAccountRequest request, CancellationToken cancellationToken)
    {
        await insertValidator.ValidateAndThrowAsync(request, cancellationToken);
        var (description, connector) = connectors.For(request.CloudType);

        var serviceUrl = NullIfEmpty(request.ServiceUrl);
        if (serviceUrl is not null && description.IsBrowsable)
        {
            // Refuse internal destinations before any connection is attempted. A provider that is only recorded is
            // never connected to, so its URL (a Fastr Server on the user's own network) is not a destination of ours.
            await outboundGuard.EnsureAllowedAsync(new Uri(serviceUrl), cancellationToken);
        }

        // Only the fields the provider reads are kept (the validator refuses the others).
        var usesKeys = description.Credentials == CredentialKind.KeyPair;
        var account = new CloudAccount
        {
            Id = Guid.CreateVersion7(),
            AccountId = caller.AccountId,
            UserId = caller.Id,
            CloudType = request.CloudType,
            Name = request.Name!,
            AccessKey = usesKeys ? NullIfEmpty(request.AccessKey) : null,
            MaskedAccessKey = usesKeys ? CredentialMask.AccessKey(NullIfEmpty(request.AccessKey)) : null,
            SecretKey = usesKeys ? NullIfEmpty(request.SecretKey) : null,
            CredentialsData = usesKeys ? null : NullIfEmpty(request.CredentialsData),
            ServiceUrl = serviceUrl,
            Shared = request.Shared,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        // OAuth tokens are stored as validated: with an absolute expiry, and renewed if validation had to renew them.
        var credentials = CredentialsOf(account, description) is { Tokens: { } tokens } oauth
            ? oauth with { TokenKeeper = new InMemoryOAuthTokenKeeper(tokens) }
            : CredentialsOf(account, description);
        await connector.ValidateCredentialsAsync(credentials, cancellationToken);
        if (credentials.TokenKeeper is InMemoryOAuthTokenKeeper validated)
        {
            account.CredentialsData = validated.Current.ToJson();
        }

        db.CloudAccounts.Add(account);
        await SaveAsync(ErrorCodes.DbInsert, cancellationToken);
        return CredentialMask.Masked(account);
    }

    public async Task ManageShareAsync(CurrentUser caller, ManageShareRequest request, CancellationToken cancellationToken)
    {
        await manageShareValidator.ValidateAndThrowAsync(request, cancellationToken);

        var ownerId = await VisibleTo(caller).Where(a => a.Id == request.Id).Select(a => (Guid?)a.UserId)
            .FirstOrDefaultAsync(cancellationToken) ?? throw AmoveException.ObjectNotFound();
        if (ownerId != caller.Id)
        {
            throw AmoveException.AccessDenied("Only the owner of the cloud account can change its sharing.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await WriteAsync(ErrorCodes.DbUpdate, () => VisibleTo(caller)
            .Where(a => a.Id == request.Id && a.UserId == caller.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Shared, request.Shared!.Value).SetProperty(a => a.UpdatedAt, now), cancellationToken));
        if (updated == 0)
        {
            throw AmoveException.ObjectNotFound();
        }
    }

    public async Task<bool> DeleteAsync(CurrentUser caller, Guid id, CancellationToken cancellationToken)
    {
        // The permission is part of the UPDATE itself, so it holds at the moment of the write: a share withdrawn or an
        // account deactivated between a check and the write cannot let a delete through.
        var isDesktopAdmin = caller.IsDesktopAdmin;
        var now = clock.GetUtcNow().UtcDateTime;
        var deleted = await WriteAsync(ErrorCodes.DbDelete, () => VisibleTo(caller)
            .Where(a => a.Id == id && !a.InternalStorage && (a.UserId == caller.Id || (isDesktopAdmin && a.Shared)))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now).SetProperty(a => a.UpdatedAt, now), cancellationToken));
        if (deleted == 1)
        {
            return true;
        }

        // Nothing was deleted: say why, from what the caller may see now.
        var target = await VisibleTo(caller).Where(a => a.Id == id)
            .Select(a => new { a.UserId, a.Shared, a.InternalStorage })
            .FirstOrDefaultAsync(cancellationToken) ?? throw AmoveException.ObjectNotFound();
        if (target.UserId != caller.Id && !(isDesktopAdmin && target.Shared))
        {
            throw AmoveException.AccessDenied("Only the owner, or a desktop admin for a shared account, can delete this cloud account.");
        }

        // Hosted storage has provider-side resources to decommission, which only that endpoint does.
        throw target.InternalStorage
            ? new AmoveException(ErrorCodes.Global, "Internal storage is deleted through idrive_delete_storage.")
            : AmoveException.ObjectNotFound();
    }

    public async Task<CloudStorageCollection> ListBucketsAsync(
        CurrentUser caller, ListBucketsRequest request, CancellationToken cancellationToken)
    {
        await listBucketsValidator.ValidateAndThrowAsync(request, cancellationToken);
        var account = await FindVisibleAsync(caller, request.CloudAccountId, cancellationToken);
        var (description, connector) = connectors.For(account.CloudType);

        // Regions are asked for only where the provider has them; elsewhere they are null.
        var buckets = await connector.ListBucketsAsync(
            CredentialsOf(account, description), new BucketListRequest(request.IncludeRegion && description.HasRegions), cancellationToken);
        return new CloudStorageCollection(
            buckets.Select(b => new CloudBucket(b.Id, b.Name, request.IncludeRegion ? b.Region : null, b.CreationDate?.UtcDateTime)).ToList(),
            ContinuationToken: null);
    }

    public async Task<CloudStorageObjectCollection> ListObjectsAsync(
        CurrentUser caller, ListObjectsRequest request, CancellationToken cancellationToken)
    {
        await listObjectsValidator.ValidateAndThrowAsync(request, cancellationToken);
        var account = await FindVisibleAsync(caller, request.CloudAccountId, cancellationToken);
        var (description, connector) = connectors.For(account.CloudType);

        var target = ListingTargets.From(request, description);
        var scope = ListingScope.Of(account.Id, target);
        var providerCursor = string.IsNullOrEmpty(request.ContinuationToken)
            ? null
            : continuationTokens.Open(request.ContinuationToken, scope);

        var page = await connector.ListObjectsAsync(
            CredentialsOf(account, description),
            new ObjectListRequest(target, Math.Min(request.Count, ListObjectsRequest.MaxCount), providerCursor),
            cancellationToken);

        return new CloudStorageObjectCollection(
            page.Items.Select(o => new CloudObject(o.Id, o.Name, o.Path, o.Size, o.LastModifiedUtc?.UtcDateTime, (CloudObjectType)o.Type)).ToList(),
            page.NextCursor is null ? null : continuationTokens.Seal(scope, page.NextCursor),
            request.BucketName,
            string.IsNullOrEmpty(request.Path) ? "/" : request.Path);
    }

    /// <summary>Visibility is part of every query (<see cref="CloudAccountVisibility"/>).</summary>
    private IQueryable<CloudAccount> VisibleTo(CurrentUser caller) => db.VisibleTo(caller);

    private async Task<CloudAccount> FindVisibleAsync(CurrentUser caller, Guid id, CancellationToken cancellationToken) =>
        await VisibleTo(caller).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
        ?? throw AmoveException.ObjectNotFound();

    /// <summary>The account's decrypted credentials in the shape its provider reads.</summary>
    private StorageCredentials CredentialsOf(CloudAccount account, ProviderDescription description)
    {
        var serviceUrl = account.ServiceUrl is null ? null : new Uri(account.ServiceUrl);
        return description.Credentials switch
        {
            CredentialKind.KeyPair => new StorageCredentials(
                account.CloudType,
                serviceUrl,
                Keys: account.AccessKey is { } accessKey && account.SecretKey is { } secretKey ? new KeyPair(accessKey, secretKey) : null),
            CredentialKind.OAuthToken => new StorageCredentials(
                account.CloudType,
                serviceUrl,
                Tokens: storedTokens.Current(account.Id, account.CredentialsData, new DateTimeOffset(DateTime.SpecifyKind(account.CreatedAt, DateTimeKind.Utc))),
                TokenKeeper: storedTokens.For(account.Id)),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private async Task SaveAsync(string errorCode, CancellationToken cancellationToken) =>
        await WriteAsync(errorCode, () => db.SaveChangesAsync(cancellationToken));

    private static async Task<int> WriteAsync(string errorCode, Func<Task<int>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (e is DbUpdateException or DbException)
        {
            throw new AmoveException(errorCode, "The change could not be saved. Try again later.", e);
        }
    }
}
