using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Core.AmoveStorage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.S3;

/// <summary>
/// Checks the S3 host's regions at startup, and refuses the Production environment unless shared keys were accepted
/// explicitly: with this host, every user of a region reaches it with the same keys.
/// </summary>
internal sealed class S3HostOptionsValidator(IHostEnvironment environment, IOptions<AmoveStorageOptions> storage) : IValidateOptions<S3HostOptions>
{
    public const string SharedCredentialsRefusal =
        "AmoveStorage:Host is S3, whose regions are reached with one pair of keys that every user of a region shares: any " +
        "user can read and delete every other user's buckets there. It is meant for development and single-tenant " +
        "self-hosting, so the service does not start with it in the Production environment unless " +
        "AmoveStorage:S3:AllowSharedCredentials is true. Use AmoveStorage:Host=IDriveE2 for per-user keys.";

    public ValidateOptionsResult Validate(string? name, S3HostOptions options)
    {
        var failures = new List<string>();
        if (environment.IsProduction() && !options.AllowSharedCredentials)
        {
            failures.Add(SharedCredentialsRefusal);
        }

        if (options.Regions.Count == 0)
        {
            failures.Add("AmoveStorage:S3:Regions needs at least one region (Code, Name, ServiceUrl, AccessKey, SecretKey) when AmoveStorage:Host is S3.");
        }

        for (var i = 0; i < options.Regions.Count; i++)
        {
            var region = options.Regions[i];
            var at = $"{S3HostOptions.SectionName}:Regions:{i}";
            if (string.IsNullOrWhiteSpace(region.Code) || region.Code.Length > RegionKeys.MaxLength || region.Code.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
            {
                failures.Add($"{at}:Code is required: up to {RegionKeys.MaxLength} letters, digits or hyphens (e.g. OR).");
            }

            if (string.IsNullOrWhiteSpace(region.Name))
            {
                failures.Add($"{at}:Name is required (e.g. Oregon).");
            }

            if (!ServiceUrls.TryParse(region.ServiceUrl, out var url) || url.Host.Length == 0 || url.UserInfo.Length > 0)
            {
                failures.Add($"{at}:ServiceUrl must be an absolute http or https URL without credentials in it.");
            }

            if (string.IsNullOrWhiteSpace(region.AccessKey) || string.IsNullOrWhiteSpace(region.SecretKey))
            {
                failures.Add($"{at}:AccessKey and {at}:SecretKey are required.");
            }
        }

        var codes = options.Regions.Select(r => r.Code).OfType<string>().ToList();
        if (codes.Count != codes.Distinct(StringComparer.OrdinalIgnoreCase).Count())
        {
            failures.Add($"{S3HostOptions.SectionName}:Regions must not name a Code twice.");
        }

        var defaultRegion = storage.Value.DefaultRegion;
        if (options.Regions.Count > 0 && !codes.Contains(defaultRegion, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"AmoveStorage:DefaultRegion '{defaultRegion}' is not one of the AmoveStorage:S3:Regions codes ({string.Join(", ", codes)}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
