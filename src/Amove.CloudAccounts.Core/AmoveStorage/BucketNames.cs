using System.Security.Cryptography;

namespace Amove.CloudAccounts.Core.AmoveStorage;

/// <summary>S3's bucket naming rules (general purpose buckets), checked before any provider is asked.</summary>
public static class BucketNames
{
    public const int MinLength = 3;
    public const int MaxLength = 63;

    private const string GeneratedPrefix = "amove-";

    /// <summary>What is wrong with <paramref name="name"/> as a bucket name, or null when it follows the rules.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "'bucketName' is required.";
        }

        if (name.Length is < MinLength or > MaxLength)
        {
            return $"'bucketName' must be {MinLength} to {MaxLength} characters long.";
        }

        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
        {
            return "'bucketName' may contain only lowercase letters, digits, dots (.) and hyphens (-).";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "'bucketName' must begin and end with a letter or a digit.";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "'bucketName' must not contain two adjacent dots.";
        }

        if (LooksLikeIPv4(name))
        {
            return "'bucketName' must not be formatted as an IP address.";
        }

        if (name.StartsWith("xn--", StringComparison.Ordinal) || name.StartsWith("sthree-", StringComparison.Ordinal))
        {
            return "'bucketName' must not start with 'xn--' or 'sthree-'.";
        }

        if (name.EndsWith("-s3alias", StringComparison.Ordinal) || name.EndsWith("--ol-s3", StringComparison.Ordinal))
        {
            return "'bucketName' must not end with '-s3alias' or '--ol-s3'.";
        }

        return null;
    }

    // Four groups of one to three digits, such as 192.168.5.4: S3 refuses these whatever the numbers.
    private static bool LooksLikeIPv4(string name) =>
        name.Split('.') is { Length: 4 } groups && groups.All(g => g.Length is >= 1 and <= 3 && g.All(char.IsAsciiDigit));

    /// <summary>A fresh name for a storage's first bucket: <c>amove-</c> and 16 random lowercase hex digits.</summary>
    public static string Generate() => GeneratedPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
