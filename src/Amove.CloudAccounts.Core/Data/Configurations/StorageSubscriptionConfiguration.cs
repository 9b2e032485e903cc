using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Amove.CloudAccounts.Core.Data.Configurations;

internal sealed class StorageSubscriptionConfiguration(CredentialProtector protector) : IEntityTypeConfiguration<StorageSubscription>
{
    public void Configure(EntityTypeBuilder<StorageSubscription> builder)
    {
        builder.ToTable("storage_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.HostUserName).HasMaxLength(320);
        ValueConverter encrypted = new ProtectedStringConverter(protector);
        builder.Property(s => s.HostUserPassword).HasConversion(encrypted);

        builder.HasQueryFilter(CloudAccountsDbContext.SoftDeleteFilter, s => s.DeletedAt == null);

        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Restrict);

        // One host-side user per Amove user and tier.
        builder.HasIndex(s => new { s.UserId, s.StorageTier }).IsUnique().HasFilter("deleted_at IS NULL");
    }
}
