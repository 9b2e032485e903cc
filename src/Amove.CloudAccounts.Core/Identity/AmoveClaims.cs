using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.Identity;

/// <summary>The claims Amove's identity service puts in its tokens (API reference, section 3).</summary>
public static class AmoveClaims
{
    public const string Subject = "sub";
    public const string AccountId = "account_id";
    public const string UserType = "user_type";
    public const string Email = "email";

    /// <summary>The server-side session an API token is bound to (present on API tokens only).</summary>
    public const string SessionId = "sid";

    /// <summary>The API token's id (present on API tokens only).</summary>
    public const string TokenId = "jti";

    /// <summary>The longest e-mail address (RFC 5321 limits), and the size of the users.email column.</summary>
    public const int EmailMaxLength = 320;

    private const int AllUserTypes = 127;

    /// <summary>Reads the caller; false when a required claim is missing or malformed.</summary>
    public static bool TryRead(ClaimsPrincipal principal, [NotNullWhen(true)] out CurrentUser? user)
    {
        user = null;
        if (!Guid.TryParse(principal.FindFirstValue(Subject), out var id) || id == Guid.Empty
            || !Guid.TryParse(principal.FindFirstValue(AccountId), out var accountId) || accountId == Guid.Empty
            // dotnet user-jwts writes custom claims as strings, so "16" and 16 are both accepted.
            || !int.TryParse(principal.FindFirstValue(UserType), NumberStyles.None, CultureInfo.InvariantCulture, out var userType)
            || userType <= 0 || (userType & ~AllUserTypes) != 0
            || (principal.FindFirstValue(Email) is { } email && !IsStorableEmail(email)))
        {
            return false;
        }

        user = new CurrentUser(id, accountId, (UserType)userType, principal.FindFirstValue(Email));
        return true;
    }

    // The e-mail is recorded with the user and welcome e-mails go there: it must fit the column, and control
    // characters (PostgreSQL refuses NUL; CR/LF would inject mail headers) or broken UTF-16 make it no address at all.
    private static bool IsStorableEmail(string email) =>
        email.Length <= EmailMaxLength
        && !email.Any(char.IsControl)
        && IsWellFormedUtf16(email);

    private static bool IsWellFormedUtf16(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var length) != OperationStatus.Done)
            {
                return false;
            }

            text = text[length..];
        }

        return true;
    }

    public static CurrentUser Read(ClaimsPrincipal principal) =>
        TryRead(principal, out var user)
            ? user
            : throw new InvalidOperationException("The principal was not validated by the bearer scheme.");
}
