using System.Text.Json.Serialization;

namespace Amove.CloudAccounts.Core.AmoveStorage.Contracts;

/// <summary>What a client needs to reach one hosted storage directly; the one answer that carries stored secrets.</summary>
public sealed record AmoveStorageResponse(
    [property: JsonPropertyName("access_key")] string AccessKey,
    [property: JsonPropertyName("secret_key")] string SecretKey,
    [property: JsonPropertyName("service_url")] string ServiceUrl)
{
    public override string ToString() => $"AmoveStorageResponse {{ ServiceUrl = {ServiceUrl} }}";
}
