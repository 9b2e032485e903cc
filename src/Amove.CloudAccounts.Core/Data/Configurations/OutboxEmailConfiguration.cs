using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Amove.CloudAccounts.Core.Data.Configurations;

internal sealed class OutboxEmailConfiguration(CredentialProtector protector) : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("email_outbox");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();

        ValueConverter encrypted = new ProtectedStringConverter(protector);
        builder.Property(e => e.Recipient).HasConversion(encrypted);
        builder.Property(e => e.Subject).HasConversion(encrypted);
        builder.Property(e => e.Body).HasConversion(encrypted);
        builder.Property(e => e.ClaimedBy).HasMaxLength(200);
        builder.Property(e => e.LastError).HasMaxLength(1000);

        // The worker looks for the rows that are due.
        builder.HasIndex(e => e.NextAttemptAt);
    }
}
