using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>Finds the connector registered (keyed by provider) for a cloud account's type.</summary>
public sealed class StorageConnectors(IServiceProvider services)
{
    public IStorageConnector For(CloudProvider provider) =>
        services.GetKeyedService<IStorageConnector>(provider)
        ?? throw AmoveException.Invalid("Provider not supported yet.");
}
