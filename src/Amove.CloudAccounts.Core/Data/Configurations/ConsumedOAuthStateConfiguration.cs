using Amove.CloudAccounts.Core.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amove.CloudAccounts.Core.Data.Configurations;

internal sealed class ConsumedOAuthStateConfiguration : IEntityTypeConfiguration<ConsumedOAuthState>
{
    public void Configure(EntityTypeBuilder<ConsumedOAuthState> builder)
    {
        builder.ToTable("consumed_oauth_states");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();

        // Expired rows are removed in batches.
        builder.HasIndex(s => s.ExpiresAt);
    }
}
