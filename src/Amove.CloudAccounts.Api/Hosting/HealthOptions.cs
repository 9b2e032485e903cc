using System.ComponentModel.DataAnnotations;

namespace Amove.CloudAccounts.Api.Hosting;

/// <summary>Health probes (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// How long one result of each readiness check (database, key ring) answers every <c>/health/ready</c> call, so
    /// a flood of anonymous probes costs the database one check per window. 0 checks on every call.
    /// </summary>
    [Range(0, 300)]
    public int ReadyCacheSeconds { get; set; } = 3;
}
