using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Connectors.Platform;

/// <summary>The <see cref="ProviderDescription"/> of every provider a connector is registered for.</summary>
public sealed class ProviderCatalog(IEnumerable<ProviderDescription> descriptions)
{
    private readonly Dictionary<CloudProvider, ProviderDescription> _byProvider = descriptions.ToDictionary(d => d.Provider);

    public IEnumerable<ProviderDescription> All => _byProvider.Values.OrderBy(d => d.Provider);

    /// <summary>The provider's description, or null when no connector serves it yet.</summary>
    public ProviderDescription? Find(CloudProvider provider) => _byProvider.GetValueOrDefault(provider);
}
