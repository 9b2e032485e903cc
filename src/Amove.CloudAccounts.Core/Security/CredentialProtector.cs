using Microsoft.AspNetCore.DataProtection;

namespace Amove.CloudAccounts.Core.Security;

/// <summary>
/// Encrypts stored credentials with ASP.NET Core Data Protection. A singleton, so the EF model that
/// captures it through a value converter is built once per key ring, not once per DbContext.
/// </summary>
public sealed class CredentialProtector(IDataProtectionProvider provider)
{
    // Changing the purpose makes every stored credential unreadable: never change it.
    private const string Purpose = "Amove.CloudAccounts.CloudAccount.Credentials.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string ciphertext) => _protector.Unprotect(ciphertext);
}
