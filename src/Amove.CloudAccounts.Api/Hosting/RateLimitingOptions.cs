using System.ComponentModel.DataAnnotations;

namespace Amove.CloudAccounts.Api.Hosting;

/// <summary>The service's own per-caller request limit (section <c>RateLimiting</c>); beyond it, 429 with Retry-After.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests one caller (token subject, else client address) may make per window.</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 600;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;
}
