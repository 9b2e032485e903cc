using Amove.CloudAccounts.Core.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amove.CloudAccounts.Core.Data.Configurations;

internal sealed class StorageUsageSampleConfiguration : IEntityTypeConfiguration<StorageUsageSample>
{
    public void Configure(EntityTypeBuilder<StorageUsageSample> builder)
    {
        builder.ToTable("storage_usage_samples");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();

        builder.HasOne<StorageSubscription>().WithMany().HasForeignKey(s => s.SubscriptionId).OnDelete(DeleteBehavior.Cascade);

        // Daily usage reads one user's samples of the last day.
        builder.HasIndex(s => new { s.UserId, s.SampledAt });
    }
}
