using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Platform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.Docs;

/// <summary>
/// docs/providers.md says what each connector's description says: the provider table is the descriptions, row by
/// row, so a connector added or changed without its documentation fails here.
/// </summary>
public sealed class ProvidersDocTests
{
    private static readonly string ProvidersDoc = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "providers.md"));

    private static IEnumerable<ProviderDescription> Described()
    {
        using var services = new ServiceCollection()
            .AddStorageConnectors(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        return [.. services.GetRequiredService<ProviderCatalog>().All];
    }

    public static TheoryData<string> DescribedProviders => [.. Described().Select(description => description.Provider.ToString())];

    [Theory]
    [MemberData(nameof(DescribedProviders))]
    public void The_provider_table_has_the_row_its_connector_describes(string provider)
    {
        var description = Described().Single(d => d.Provider.ToString() == provider);

        Assert.Contains(RowOf(description), ProvidersDoc.Split('\n').Select(line => line.TrimEnd('\r')));
    }

    [Fact]
    public void Every_CloudProvider_value_has_a_row_and_one_without_a_connector_is_marked_planned()
    {
        var described = Described().Select(d => d.Provider).ToHashSet();

        Assert.All(Enum.GetValues<CloudProvider>(), provider => Assert.Matches(
            described.Contains(provider) ? $@"(?m)^\| {(int)provider} \| " : $@"(?m)^\| {(int)provider} \| [^|]+ \| planned",
            ProvidersDoc));
    }

    /// <summary>The one way a description is written in the table.</summary>
    private static string RowOf(ProviderDescription d)
    {
        var credentials = d.Credentials switch
        {
            CredentialKind.KeyPair => $"`accessKey`: {d.AccessKeyMeaning}; `secretKey`: {d.SecretKeyMeaning}",
            CredentialKind.OAuthToken => "`credentialsData`: the provider's OAuth token response",
        };
        var serviceUrl = d.ServiceUrl switch
        {
            ServiceUrlRule.Optional => $"optional (default: {(d.DefaultEndpoint!.StartsWith("http", StringComparison.Ordinal) ? $"`{d.DefaultEndpoint}`" : d.DefaultEndpoint)})",
            ServiceUrlRule.Required => "required",
            ServiceUrlRule.Fixed => "not used",
        };
        var addressing = d.Addressing switch
        {
            ObjectAddressing.ByPath => "`bucketName` + `path`",
            ObjectAddressing.ById => "`id`",
            _ => "`bucketName` + `path`, or `id`",
        };
        var status = d.IsBrowsable ? "browsable" : "recorded only: listing is not supported";
        return $"| {(int)d.Provider} | {d.DisplayName} | {credentials} | {serviceUrl} | {addressing} | {(d.HasRegions ? "yes" : "no")} | {status} |";
    }
}
