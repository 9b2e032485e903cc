namespace Amove.CloudAccounts.Core.Errors;

/// <summary>Amove's error codes as this controller uses them (see the API reference, section 2).</summary>
public static class ErrorCodes
{
    public const string Global = "Global";
    public const string Default = "DEFAULT";
    public const string Access = "ACCESS";
    public const string NotFound = "NOT_FOUND";
    public const string Duplicate = "DUPLICATE";
    public const string Security = "SECURITY";
    public const string InactiveUser = "INACTIVE_USER";
    public const string InternalError = "INTERNAL_ERROR";
    public const string DbInsert = "DB_INSERT";
    public const string DbUpdate = "DB_UPDATE";
    public const string DbDelete = "DB_DELETE";
}
