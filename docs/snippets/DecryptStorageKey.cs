using System.Security.Cryptography;
using System.Text;

namespace AmoveClient;

/// <summary>Reads an access_key or secret_key that get_amove_storage encrypted for an encrypted API token.</summary>
public static class StorageKeyDecryption
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>Throws AuthenticationTagMismatchException when the key is wrong or the value was altered.</summary>
    public static string Decrypt(string encryptedValue, string encryptionKey)
    {
        var sealedValue = Convert.FromBase64String(encryptedValue);
        if (sealedValue.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The value is too short to be an encrypted storage key.");
        }

        var key = SHA256.HashData(Encoding.UTF8.GetBytes(encryptionKey));
        var nonce = sealedValue.AsSpan(0, NonceBytes);
        var ciphertext = sealedValue.AsSpan(NonceBytes, sealedValue.Length - NonceBytes - TagBytes);
        var tag = sealedValue.AsSpan(sealedValue.Length - TagBytes);
        var plaintext = new byte[ciphertext.Length];

        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(nonce, ciphertext, tag, plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }
}
