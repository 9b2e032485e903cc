namespace Amove.CloudAccounts.Core.AmoveStorage.Contracts;

/// <summary>A region hosted storage can be provisioned in; <see cref="Code"/> is what add_storage takes.</summary>
public sealed record AmoveRegionResponse(string Name, string Code);
