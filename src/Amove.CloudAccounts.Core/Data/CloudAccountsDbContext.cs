using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace Amove.CloudAccounts.Core.Data;

/// <summary>
/// The service's data. Each database provider has a derived context that owns its migrations
/// (<see cref="Postgres.PostgresCloudAccountsDbContext"/>, <see cref="Sqlite.SqliteCloudAccountsDbContext"/>).
/// </summary>
public abstract class CloudAccountsDbContext(DbContextOptions options, CredentialProtector credentialProtector)
    : DbContext(options)
{
    public const string SoftDeleteFilter = "SoftDelete";

    internal CredentialProtector CredentialProtector { get; } = credentialProtector;

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<User> Users => Set<User>();

    public DbSet<CloudAccount> CloudAccounts => Set<CloudAccount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new Configurations.AccountConfiguration());
        modelBuilder.ApplyConfiguration(new Configurations.UserConfiguration());
        modelBuilder.ApplyConfiguration(new Configurations.CloudAccountConfiguration(CredentialProtector));
    }
}
