using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Amove.CloudAccounts.Core.Data.Configurations;

internal sealed class ApiTokenConfiguration(CredentialProtector protector) : IEntityTypeConfiguration<ApiToken>
{
    public const int TitleMaxLength = 100;

    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Title).HasMaxLength(TitleMaxLength);
        ValueConverter encrypted = new ProtectedStringConverter(protector);
        builder.Property(t => t.EncryptionKey).HasConversion(encrypted);

        builder.HasQueryFilter(CloudAccountsDbContext.SoftDeleteFilter, t => t.DeletedAt == null);

        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Restrict);

        // Every authenticated request with an API token finds its session by id; listings start from the user.
        builder.HasIndex(t => t.SessionId).IsUnique();
        builder.HasIndex(t => t.UserId).HasFilter("deleted_at IS NULL");
    }
}
