using System.Security.Cryptography;
using System.Text;

namespace Amove.CloudAccounts.Core.ApiTokens;

/// <summary>
/// Encrypts a secret for a client that holds the API token's encryption key: AES-256-GCM, key = SHA-256 of the key's
/// UTF-8 bytes, a fresh 12-byte nonce per value, no associated data; the result is base64(nonce ‖ ciphertext ‖ tag).
/// The format is public (the README shows how to decrypt it), so it must never change.
/// </summary>
public static class DeliveredSecret
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    public static string Encrypt(string plaintext, string encryptionKey)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(encryptionKey));
        var message = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[NonceBytes + message.Length + TagBytes];
        var nonce = sealedValue.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);

        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, message, sealedValue.AsSpan(NonceBytes, message.Length), sealedValue.AsSpan(NonceBytes + message.Length));
        return Convert.ToBase64String(sealedValue);
    }
}
