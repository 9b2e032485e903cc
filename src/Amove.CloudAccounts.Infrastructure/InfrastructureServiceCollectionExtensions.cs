using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Infrastructure.AmoveStorage.IDriveE2;
using Amove.CloudAccounts.Infrastructure.AmoveStorage.S3;
using Amove.CloudAccounts.Infrastructure.Email.Smtp;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>The backend chosen by <c>AmoveStorage:Host</c> as the <see cref="IAmoveStorageHost"/>.</summary>
    public static IServiceCollection AddAmoveStorageHost(this IServiceCollection services, IConfiguration configuration)
    {
        var host = configuration.GetValue(AmoveStorageOptions.SectionName + ":" + nameof(AmoveStorageOptions.Host), AmoveStorageHostKind.IDriveE2);
        return host switch
        {
            AmoveStorageHostKind.IDriveE2 => services.AddIDriveE2StorageHost(configuration),
            AmoveStorageHostKind.S3 => services.AddS3StorageHost(configuration),
            _ => throw new InvalidOperationException($"AmoveStorage:Host '{host}' is not a storage host."),
        };
    }

    /// <summary>The SMTP sender the e-mail outbox delivers through.</summary>
    public static IServiceCollection AddEmailDelivery(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSmtpEmailSender(configuration);
}
