using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Amove.CloudAccounts.Core.Data;

/// <summary>
/// EF caches one model per context type, and the model captures the credential protector through
/// its value converters. Keying the cache on the protector keeps two hosts in one process (tests,
/// or a key-ring change) from decrypting with each other's keys.
/// </summary>
internal sealed class CredentialProtectorModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => context is CloudAccountsDbContext cloudAccounts
        ? (context.GetType(), cloudAccounts.CredentialProtector, designTime)
        : (context.GetType(), designTime);
}
