using Amove.CloudAccounts.Core.ApiTokens.Contracts;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Amove.CloudAccounts.Core.Identity;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.ApiTokens;

/// <summary>A user's API tokens: list, create (the token is shown once) and revoke.</summary>
public sealed class ApiTokenService(
    CloudAccountsDbContext db,
    ApiTokenSigningKey signingKey,
    IOptions<ApiTokensOptions> options,
    IValidator<GetAllApiTokensQuery> getAllValidator,
    IValidator<InsertApiTokenRequest> insertValidator,
    TimeProvider clock)
{
    public async Task<DtoCollection<ApiTokenResponse>> GetAllAsync(
        CurrentUser caller, GetAllApiTokensQuery query, CancellationToken cancellationToken)
    {
        await getAllValidator.ValidateAndThrowAsync(query, cancellationToken);

        ApiTokenSort.TryParse(query.SortField ?? ApiTokenSort.CreateDate, out var sortField);
        var descending = query.Descending ?? sortField == ApiTokenSort.CreateDate;
        var paged = query.PageSize > 0;
        var page = paged ? Math.Max(query.Page, 1) : 0;

        var mine = db.ApiTokens.Where(t => t.UserId == caller.Id);
        var total = await mine.CountAsync(cancellationToken);
        var sorted = ApiTokenSort.Apply(mine, sortField, descending);
        if (paged)
        {
            // In 64 bits: a page far beyond the data is simply empty.
            var skip = (page - 1L) * query.PageSize;
            sorted = skip >= total ? sorted.Take(0) : sorted.Skip((int)skip).Take(query.PageSize);
        }

        var tokens = await sorted.AsNoTracking().ToListAsync(cancellationToken);
        return new DtoCollection<ApiTokenResponse>(
            [.. tokens.Select(ToResponse)], total, new QueryOptions(query.PageSize, page, [new SortDescriptor(sortField, descending)]));
    }

    /// <param name="callerSession">The API token the caller authenticated with, if any: such a caller may not mint more.</param>
    public async Task<ApiTokenResponse> InsertAsync(
        CurrentUser caller, ApiTokenSession? callerSession, InsertApiTokenRequest request, CancellationToken cancellationToken)
    {
        // A leaked token that could mint a fresh one would outlive its own revocation.
        if (callerSession is not null)
        {
            throw AmoveException.AccessDenied("An API token cannot create API tokens: sign in to create one.");
        }

        await insertValidator.ValidateAndThrowAsync(request, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var limit = options.Value.MaxTokensPerUser;
        if (await db.ApiTokens.CountAsync(t => t.UserId == caller.Id && t.ExpirationDate > now, cancellationToken) >= limit)
        {
            throw AmoveException.Invalid($"You already have {limit} API tokens; delete one you no longer use first.");
        }

        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            AccountId = caller.AccountId,
            UserId = caller.Id,
            SessionId = Guid.NewGuid(),
            Title = request.Title!,
            IsEncrypted = request.IsEncrypted,
            EncryptionKey = request.IsEncrypted ? request.EncryptionKey : null,
            ExpirationDate = AsUtc(request.ExpirationDate!.Value),
            CreateDate = now,
        };
        var written = ApiTokenFormat.Write(token, caller, await signingKey.GetAsync(cancellationToken), options.Value.Issuer, now);

        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return ToResponse(token) with { Token = written };
    }

    /// <summary>Revokes one of the caller's tokens: its next use, on any instance, is a 401.</summary>
    public async Task DeleteAsync(CurrentUser caller, Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var revoked = await db.ApiTokens
            .Where(t => t.Id == id && t.UserId == caller.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.DeletedAt, now), cancellationToken);
        if (revoked == 0)
        {
            throw AmoveException.ObjectNotFound();
        }
    }

    /// <summary>A client's date as UTC: one with an offset is converted, one without is taken as UTC.</summary>
    public static DateTime AsUtc(DateTime date) => date.Kind switch
    {
        DateTimeKind.Utc => date,
        DateTimeKind.Local => date.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(date, DateTimeKind.Utc),
        _ => throw new ArgumentOutOfRangeException(nameof(date)),
    };

    private static ApiTokenResponse ToResponse(ApiToken token) => new(
        token.Id,
        token.UserId,
        token.SessionId,
        token.Title,
        token.IsEncrypted,
        DateTime.SpecifyKind(token.ExpirationDate, DateTimeKind.Utc),
        DateTime.SpecifyKind(token.CreateDate, DateTimeKind.Utc));
}
