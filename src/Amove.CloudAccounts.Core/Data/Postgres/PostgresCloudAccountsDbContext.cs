using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Amove.CloudAccounts.Core.Data.Postgres;

/// <summary>The PostgreSQL flavour of the context; owns the PostgreSQL migrations.</summary>
public sealed class PostgresCloudAccountsDbContext(DbContextOptions<PostgresCloudAccountsDbContext> options)
    : CloudAccountsDbContext(options)
{
    internal override IExecutionStrategy WholeReadStrategy() => new WholeReadRetryingStrategy(this);
}
