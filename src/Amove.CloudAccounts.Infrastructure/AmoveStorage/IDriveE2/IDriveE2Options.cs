using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.IDriveE2;

/// <summary>The <c>AmoveStorage:IDriveE2</c> section: where the IDrive e2 reseller API is and how it is called.</summary>
public sealed class IDriveE2Options
{
    public const string SectionName = "AmoveStorage:IDriveE2";

    public const string DefaultBaseUrl = "https://api.idrivee2.com/api/reseller/v1";

    /// <summary>The reseller API's base URL; the operation paths of <see cref="IDriveE2Api"/> are appended to it.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>
    /// The reseller API key from the e2 profile page, sent in the <c>token</c> header. Keep it in a secret store or an
    /// environment variable (<c>AmoveStorage__IDriveE2__ApiKey</c>), never in a file.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one reseller API call may take, 1 to 300 seconds (default 30); then it fails as timed out.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The largest answer read from the reseller API, 64 KiB to 16 MiB (default 1 MiB); a larger one fails the call.</summary>
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The storage quota given to each e2 user, passed as create_user's <c>quota</c> (default 1024). The unit is not
    /// documented officially: third-party code passes gigabytes (100) and, in an older version, megabytes (102400).
    /// </summary>
    public long UserQuota { get; set; } = 1024;

    /// <summary>How long the list of regions is reused before it is asked for again, 0 to 1440 minutes (default 5).</summary>
    public int RegionCacheMinutes { get; set; } = 5;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>The base URL as an absolute http(s) URI ending in '/', so relative paths append to it; null when invalid.</summary>
    public Uri? BaseUri =>
        Uri.TryCreate(BaseUrl?.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : null;
}

/// <summary>
/// Checks the section on start. Without an API key the server refuses to start in Production (hosted storage would
/// fail on every call); elsewhere it starts, and hosted-storage calls say the storage is not configured.
/// </summary>
internal sealed class IDriveE2OptionsValidator(IHostEnvironment environment) : IValidateOptions<IDriveE2Options>
{
    public ValidateOptionsResult Validate(string? name, IDriveE2Options options)
    {
        List<string> problems = [];
        if (!options.HasApiKey && environment.IsProduction())
        {
            problems.Add(
                "AmoveStorage:IDriveE2:ApiKey is required in Production when AmoveStorage:Host is IDriveE2: set it (e.g. the "
                + "AmoveStorage__IDriveE2__ApiKey environment variable) to the reseller API key from the IDrive e2 profile page.");
        }

        if (options.BaseUri is not { } baseUri)
        {
            problems.Add("AmoveStorage:IDriveE2:BaseUrl must be an absolute http or https URL without query or user info.");
        }
        else if (baseUri.Scheme != Uri.UriSchemeHttps && environment.IsProduction())
        {
            // The API key travels in a header: never in clear text over the internet.
            problems.Add("AmoveStorage:IDriveE2:BaseUrl must use https in Production.");
        }

        if (options.TimeoutSeconds is < 1 or > 300)
        {
            problems.Add("AmoveStorage:IDriveE2:TimeoutSeconds must be between 1 and 300.");
        }

        if (options.MaxResponseBytes is < 64 * 1024 or > 16 * 1024 * 1024)
        {
            problems.Add("AmoveStorage:IDriveE2:MaxResponseBytes must be between 65536 (64 KiB) and 16777216 (16 MiB).");
        }

        if (options.UserQuota < 1)
        {
            problems.Add("AmoveStorage:IDriveE2:UserQuota must be positive.");
        }

        if (options.RegionCacheMinutes is < 0 or > 24 * 60)
        {
            problems.Add("AmoveStorage:IDriveE2:RegionCacheMinutes must be between 0 and 1440.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
