using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Amove.CloudAccounts.Core.Data;

/// <summary>Stores a string column encrypted; the entity only ever sees plaintext.</summary>
internal sealed class ProtectedStringConverter(CredentialProtector protector)
    : ValueConverter<string, string>(plaintext => protector.Protect(plaintext), ciphertext => protector.Unprotect(ciphertext));
