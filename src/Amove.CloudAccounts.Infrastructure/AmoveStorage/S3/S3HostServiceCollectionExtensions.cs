using Amove.CloudAccounts.Core.AmoveStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.S3;

internal static class S3HostServiceCollectionExtensions
{
    /// <summary>S3-compatible servers configured per region as the storage host.</summary>
    public static IServiceCollection AddS3StorageHost(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<IAmoveStorageHost, UnconfiguredStorageHost>(); // Until filled in by the S3 host work.
}
