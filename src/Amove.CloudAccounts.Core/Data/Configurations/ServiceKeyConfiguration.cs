using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amove.CloudAccounts.Core.Data.Configurations;

internal sealed class ServiceKeyConfiguration(CredentialProtector protector) : IEntityTypeConfiguration<ServiceKey>
{
    public void Configure(EntityTypeBuilder<ServiceKey> builder)
    {
        builder.ToTable("service_keys");
        builder.HasKey(k => k.Name);
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Value).HasConversion(new ProtectedStringConverter(protector));
    }
}
