using Amove.CloudAccounts.Core.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amove.CloudAccounts.Core.Data.Configurations;

internal sealed class HostedStorageConfiguration : IEntityTypeConfiguration<HostedStorage>
{
    public void Configure(EntityTypeBuilder<HostedStorage> builder)
    {
        builder.ToTable("hosted_storages");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.RegionCode).HasMaxLength(16);
        builder.Property(s => s.BucketName).HasMaxLength(63);
        builder.Property(s => s.HostRegionReference).HasMaxLength(512);
        builder.Property(s => s.HostAccessKeyId).HasMaxLength(256);

        builder.HasQueryFilter(CloudAccountsDbContext.SoftDeleteFilter, s => s.DeletedAt == null);

        builder.HasOne<StorageSubscription>().WithMany().HasForeignKey(s => s.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CloudAccount>().WithMany().HasForeignKey(s => s.CloudAccountId).OnDelete(DeleteBehavior.Restrict);

        // The source of truth against concurrent add_storage: one live storage per user, region and tier.
        builder.HasIndex(s => new { s.UserId, s.RegionCode, s.StorageTier }).IsUnique().HasFilter("deleted_at IS NULL");
        builder.HasIndex(s => s.CloudAccountId);
    }
}
