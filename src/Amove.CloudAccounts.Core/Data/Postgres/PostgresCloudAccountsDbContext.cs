using Microsoft.EntityFrameworkCore;

namespace Amove.CloudAccounts.Core.Data.Postgres;

/// <summary>The PostgreSQL flavour of the context; owns the PostgreSQL migrations.</summary>
public sealed class PostgresCloudAccountsDbContext(DbContextOptions<PostgresCloudAccountsDbContext> options)
    : CloudAccountsDbContext(options);
