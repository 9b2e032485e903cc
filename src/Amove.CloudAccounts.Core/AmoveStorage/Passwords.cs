using System.Security.Cryptography;

namespace Amove.CloudAccounts.Core.AmoveStorage;

/// <summary>Passwords for host-side users when the caller gives none.</summary>
internal static class Passwords
{
    private const int Length = 20;
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "!#%+-=?@_";

    /// <summary>
    /// 20 characters from a cryptographic generator, at least one of each class, so that any host's complexity rules are
    /// met; look-alike characters are left out, since the password is read from an e-mail and typed.
    /// </summary>
    public static string Generate()
    {
        const string all = Lower + Upper + Digits + Symbols;
        char[] password =
        [
            .. RandomNumberGenerator.GetItems<char>(Lower, 1),
            .. RandomNumberGenerator.GetItems<char>(Upper, 1),
            .. RandomNumberGenerator.GetItems<char>(Digits, 1),
            .. RandomNumberGenerator.GetItems<char>(Symbols, 1),
            .. RandomNumberGenerator.GetItems<char>(all, Length - 4),
        ];
        RandomNumberGenerator.Shuffle(password.AsSpan());
        return new string(password);
    }
}
