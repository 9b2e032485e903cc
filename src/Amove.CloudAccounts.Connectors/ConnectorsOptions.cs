namespace Amove.CloudAccounts.Connectors;

/// <summary>Bound from the <c>Connectors</c> section.</summary>
public sealed class ConnectorsOptions
{
    public const string SectionName = "Connectors";

    /// <summary>
    /// How long one provider operation may take, retries included, 1 to 600 seconds; then it is reported as timed out.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;

    public ProviderEndpointOptions Aws { get; set; } = new();

    public ProviderEndpointOptions Wasabi { get; set; } = new();

    public ProviderEndpointOptions S3Generic { get; set; } = new();

    public ProviderEndpointOptions Google { get; set; } = new();

    public ProviderEndpointOptions Cloudflare { get; set; } = new();

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    internal IEnumerable<ProviderEndpointOptions> Endpoints => [Aws, Wasabi, S3Generic, Google, Cloudflare];

    internal ProviderEndpointOptions? EndpointOf(CloudProvider provider) => provider switch
    {
        CloudProvider.AWS => Aws,
        CloudProvider.Wasabi => Wasabi,
        CloudProvider.S3Generic => S3Generic,
        CloudProvider.Google => Google,
        CloudProvider.Cloudflare => Cloudflare,
        CloudProvider.Azure or CloudProvider.Frame or CloudProvider.Dropbox or CloudProvider.Box or CloudProvider.OneDrive
            or CloudProvider.GoogleDrive or CloudProvider.FastrServer => null,
    };
}
