using Amove.CloudAccounts.Core.AmoveStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.IDriveE2;

internal static class IDriveE2ServiceCollectionExtensions
{
    /// <summary>The IDrive e2 reseller API as the storage host.</summary>
    public static IServiceCollection AddIDriveE2StorageHost(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<IAmoveStorageHost, UnconfiguredStorageHost>(); // Until filled in by the IDrive e2 host work.
}
