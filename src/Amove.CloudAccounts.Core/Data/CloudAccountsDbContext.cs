using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Core.Data;

/// <summary>
/// The service's data. Each database provider has a derived context that owns its migrations
/// (<see cref="Postgres.PostgresCloudAccountsDbContext"/>, <see cref="Sqlite.SqliteCloudAccountsDbContext"/>).
/// </summary>
public abstract class CloudAccountsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string SoftDeleteFilter = "SoftDelete";

    /// <summary>
    /// From the application's services recorded in the options, not the constructor: pooled contexts
    /// (AddDbContextPool) may take nothing but their options.
    /// </summary>
    internal CredentialProtector CredentialProtector { get; } =
        options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<CredentialProtector>()
        ?? throw new InvalidOperationException("The context's options need an application service provider that holds a CredentialProtector.");

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<User> Users => Set<User>();

    public DbSet<CloudAccount> CloudAccounts => Set<CloudAccount>();

    public DbSet<StorageSubscription> StorageSubscriptions => Set<StorageSubscription>();

    public DbSet<HostedStorage> HostedStorages => Set<HostedStorage>();

    public DbSet<StorageUsageSample> StorageUsageSamples => Set<StorageUsageSample>();

    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<JobLease> JobLeases => Set<JobLease>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<ServiceKey> ServiceKeys => Set<ServiceKey>();

    public DbSet<ConsumedOAuthState> ConsumedOAuthStates => Set<ConsumedOAuthState>();

    /// <summary>
    /// The strategy for a read whose operation materializes all its rows: retried as a whole where the database
    /// retries at all, without EF Core's per-query buffering.
    /// </summary>
    internal virtual IExecutionStrategy WholeReadStrategy() => Database.CreateExecutionStrategy();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new Configurations.AccountConfiguration());
        modelBuilder.ApplyConfiguration(new Configurations.UserConfiguration());
        modelBuilder.ApplyConfiguration(new Configurations.CloudAccountConfiguration(CredentialProtector));
        modelBuilder.ApplyConfiguration(new Configurations.StorageSubscriptionConfiguration(CredentialProtector));
        modelBuilder.ApplyConfiguration(new Configurations.HostedStorageConfiguration());
        modelBuilder.ApplyConfiguration(new Configurations.StorageUsageSampleConfiguration());
        modelBuilder.ApplyConfiguration(new Configurations.OutboxEmailConfiguration(CredentialProtector));
        modelBuilder.ApplyConfiguration(new Configurations.JobLeaseConfiguration());
        modelBuilder.ApplyConfiguration(new Configurations.ApiTokenConfiguration(CredentialProtector));
        modelBuilder.ApplyConfiguration(new Configurations.ServiceKeyConfiguration(CredentialProtector));
        modelBuilder.ApplyConfiguration(new Configurations.ConsumedOAuthStateConfiguration());
    }
}
