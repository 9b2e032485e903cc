using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Platform;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>Finds the connector registered (keyed by provider) for a cloud account's type, and its description.</summary>
public sealed class StorageConnectors(IServiceProvider services, ProviderCatalog catalog)
{
    public ProviderConnection For(CloudProvider provider) =>
        catalog.Find(provider) is { } description && services.GetKeyedService<IStorageConnector>(provider) is { } connector
            ? new ProviderConnection(description, connector)
            : throw AmoveException.Invalid("Provider not supported yet.");
}

/// <summary>A provider's description and the connector (behind the platform) that reaches it.</summary>
public sealed record ProviderConnection(ProviderDescription Description, IStorageConnector Connector);
