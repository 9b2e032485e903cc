using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Amove.CloudAccounts.Core.Data.Configurations;

internal sealed class CloudAccountConfiguration(CredentialProtector protector) : IEntityTypeConfiguration<CloudAccount>
{
    public const int NameMaxLength = 50;
    public const int ServiceUrlMaxLength = 2048;

    public void Configure(EntityTypeBuilder<CloudAccount> builder)
    {
        builder.ToTable("cloud_accounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(NameMaxLength);
        builder.Property(a => a.ServiceUrl).HasMaxLength(ServiceUrlMaxLength);
        builder.Property(a => a.MaskedAccessKey).HasMaxLength(16);

        // Ciphertext is longer than the secret it hides, so these columns are unbounded text.
        ValueConverter encrypted = new ProtectedStringConverter(protector);
        builder.Property(a => a.AccessKey).HasConversion(encrypted);
        builder.Property(a => a.SecretKey).HasConversion(encrypted);
        builder.Property(a => a.CredentialsData).HasConversion(encrypted);

        builder.HasQueryFilter(CloudAccountsDbContext.SoftDeleteFilter, a => a.DeletedAt == null);

        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);

        // Every visibility query starts from the caller's account; live rows only.
        builder.HasIndex(a => new { a.AccountId, a.UserId }).HasFilter("deleted_at IS NULL");
    }
}
