using System.ComponentModel.DataAnnotations;

namespace Amove.CloudAccounts.Api.Hosting;

/// <summary>
/// Where the key ring that encrypts stored credentials lives (section <c>DataProtection</c>). Every
/// instance must share the directory, and it must outlive restarts: losing it loses every credential.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>Relative paths are under the content root.</summary>
    [Required]
    public string KeysDirectory { get; set; } = ".keys";

    /// <summary>Optional PFX that encrypts the keys at rest; strongly advised in production.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}
