using Microsoft.EntityFrameworkCore;

namespace Amove.CloudAccounts.Core.Data.Sqlite;

/// <summary>The embedded SQLite flavour of the context; owns the SQLite migrations.</summary>
public sealed class SqliteCloudAccountsDbContext(DbContextOptions<SqliteCloudAccountsDbContext> options)
    : CloudAccountsDbContext(options);
