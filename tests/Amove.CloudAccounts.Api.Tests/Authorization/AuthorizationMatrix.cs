namespace Amove.CloudAccounts.Api.Tests.Authorization;

/// <summary>Every action of the cloudaccount, apitoken and desktop controllers.</summary>
public enum Endpoint
{
    GetAll,
    Insert,
    ManageShare,
    Delete,
    ListBuckets,
    ListObjects,
    GetAmoveStorage,
    IDriveAddStorage,
    IDriveDeleteStorage,
    IDriveCreateBucket,
    IDriveDeleteBucket,
    IDriveRegions,
    IDriveGetDailyUsage,
    ApiTokenGetAll,
    ApiTokenInsert,
    ApiTokenDelete,
    GenerateDropboxUrl,
    GenerateBoxUrl,
    GenerateGoogleDriveUrl,
    GenerateOneDriveUrl,
    GenerateFrameUrl,
    DropboxCallback,
    BoxCallback,
    GoogleDriveCallback,
    OneDriveCallback,
    FrameCallback,
}

/// <summary>
/// Who calls. The first nine are users of the owner's Amove account (the owner is a desktop standard user, so only
/// ownership grants anything) and a desktop admin of another Amove account; then the owner after an operator made
/// their user inactive; the rest present a bad token or an API token of the owner.
/// </summary>
public enum Caller
{
    Owner,
    DesktopAdmin,
    DesktopCreativeUser,
    DesktopStandardUser,
    ProviderAdmin,
    ResellerAdmin,
    AccountAdmin,
    AccountUser,
    OtherAccountUser,
    InactiveUser,
    NoToken,
    ExpiredToken,
    ForgedToken,
    AlgNoneToken,
    RevokedApiToken,
    OwnerApiToken,
}

/// <summary>
/// What the request is about. For cloud-account actions: <see cref="Own"/> is an unshared cloud account of the
/// caller (of the owner for token callers); the others belong to the owner: <see cref="Shared"/> and
/// <see cref="Unshared"/> within the Amove account, <see cref="Inactive"/> (shared, active = false),
/// <see cref="Deleted"/> (shared, then deleted), <see cref="Internal"/> (shared Amove-hosted storage), the same made
/// inactive (<see cref="InactiveInternal"/>) or deleted through idrive_delete_storage (<see cref="DeletedInternal"/>), and
/// <see cref="OtherAccount"/> is a shared cloud account of another Amove account. For API tokens, the caller's own
/// token, the owner's, another account's and a revoked one; for the connect callback, a flow the caller started and
/// one the owner started.
/// </summary>
public enum Target
{
    None,
    Own,
    Shared,
    Unshared,
    Inactive,
    Deleted,
    Internal,
    InactiveInternal,
    DeletedInternal,
    OtherAccount,
}

/// <summary>
/// The authorization matrix: endpoint × object in rows, callers in columns, the expected answer in each cell (one
/// test each). Visibility and who may act follow the API contract: desktop admins and desktop creative users see
/// what is shared in their Amove account, every other type sees only its own, nobody sees another account's; what
/// a caller cannot see is answered as if it did not exist; only the owner shares, the owner or a desktop admin
/// (shared) deletes, only the owner deletes hosted storage or its buckets; bad tokens are a 401 before anything.
/// </summary>
public static class AuthorizationMatrix
{
    /// <summary>200; a write changes the database.</summary>
    public const string Ok = "200";

    /// <summary>200 and the object is in the answer.</summary>
    public const string Listed = "200 listed";

    /// <summary>200 and the object is not in the answer.</summary>
    public const string Absent = "200 absent";

    /// <summary>401 without a body.</summary>
    public const string Unauthorized = "401";

    /// <summary>499 Global "Object not found.": the caller cannot see it, or it does not exist.</summary>
    public const string NotFound = "499 Global not found";

    /// <summary>499 Global for another reason (not internal storage, internal storage through the wrong action).</summary>
    public const string Global = "499 Global";

    /// <summary>499 ACCESS: the caller sees it but may not do this.</summary>
    public const string Access = "499 ACCESS";

    /// <summary>499 SECURITY: the connect state was not issued to this caller.</summary>
    public const string Security = "499 SECURITY";

    /// <summary>499 INACTIVE_USER: the caller's user record is not active.</summary>
    public const string InactiveUser = "499 INACTIVE_USER";

    // Short names, so the table reads as a table. Columns: owner, desktop admin, desktop creative user, desktop standard
    // user, provider admin, reseller admin, account admin, account user, other account's user, the owner made inactive;
    // no token, expired, forged, alg none, revoked API token; the owner's API token.
    private const string OK = Ok, LS = Listed, AB = Absent, NF = NotFound, GL = Global, AC = Access, SE = Security, IU = InactiveUser, U = Unauthorized;

    private static readonly Row[] Rows =
    [
        //                                                          Own  DAd  DCr  DSt  PAd  RAd  AAd  AUs  Oth  Ina  Non  Exp  Frg  Aln  Rev  Api
        new(Endpoint.GetAll, Target.Own,                           [LS,  LS,  LS,  LS,  LS,  LS,  LS,  LS,  LS,  IU,  U,   U,   U,   U,   U,   LS]),
        new(Endpoint.GetAll, Target.Shared,                        [LS,  LS,  LS,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   LS]),
        new(Endpoint.GetAll, Target.Unshared,                      [LS,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   LS]),
        new(Endpoint.GetAll, Target.Inactive,                      [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAll, Target.Deleted,                       [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAll, Target.Internal,                      [LS,  LS,  LS,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   LS]),
        new(Endpoint.GetAll, Target.InactiveInternal,              [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAll, Target.DeletedInternal,               [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAll, Target.OtherAccount,                  [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),

        new(Endpoint.Insert, Target.None,                          [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),

        new(Endpoint.ManageShare, Target.Own,                      [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ManageShare, Target.Shared,                   [OK,  AC,  AC,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ManageShare, Target.Unshared,                 [OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ManageShare, Target.Inactive,                 [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.ManageShare, Target.Deleted,                  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.ManageShare, Target.Internal,                 [OK,  AC,  AC,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ManageShare, Target.OtherAccount,             [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),

        new(Endpoint.Delete, Target.Own,                           [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.Delete, Target.Shared,                        [OK,  OK,  AC,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.Delete, Target.Unshared,                      [OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.Delete, Target.Inactive,                      [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.Delete, Target.Deleted,                       [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.Delete, Target.Internal,                      [GL,  GL,  AC,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.Delete, Target.OtherAccount,                  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),

        new(Endpoint.ListBuckets, Target.Own,                      [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ListBuckets, Target.Shared,                   [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ListBuckets, Target.Unshared,                 [OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ListBuckets, Target.Inactive,                 [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.ListBuckets, Target.Deleted,                  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.ListBuckets, Target.Internal,                 [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ListBuckets, Target.InactiveInternal,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.ListBuckets, Target.DeletedInternal,          [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.ListBuckets, Target.OtherAccount,             [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),

        new(Endpoint.ListObjects, Target.Own,                      [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ListObjects, Target.Shared,                   [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ListObjects, Target.Unshared,                 [OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ListObjects, Target.Inactive,                 [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.ListObjects, Target.Deleted,                  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.ListObjects, Target.Internal,                 [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ListObjects, Target.OtherAccount,             [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),

        new(Endpoint.GetAmoveStorage, Target.Own,                  [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAmoveStorage, Target.Shared,               [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAmoveStorage, Target.Unshared,             [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAmoveStorage, Target.Inactive,             [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAmoveStorage, Target.Deleted,              [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAmoveStorage, Target.Internal,             [LS,  LS,  LS,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   LS]),
        new(Endpoint.GetAmoveStorage, Target.InactiveInternal,     [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAmoveStorage, Target.DeletedInternal,      [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.GetAmoveStorage, Target.OtherAccount,         [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),

        new(Endpoint.IDriveAddStorage, Target.None,                [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),

        new(Endpoint.IDriveDeleteStorage, Target.Own,              [GL,  GL,  GL,  GL,  GL,  GL,  GL,  GL,  GL,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.IDriveDeleteStorage, Target.Shared,           [GL,  GL,  GL,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.IDriveDeleteStorage, Target.Unshared,         [GL,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.IDriveDeleteStorage, Target.Inactive,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveDeleteStorage, Target.Deleted,          [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveDeleteStorage, Target.Internal,         [OK,  AC,  AC,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.IDriveDeleteStorage, Target.InactiveInternal, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveDeleteStorage, Target.DeletedInternal,  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveDeleteStorage, Target.OtherAccount,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),

        new(Endpoint.IDriveCreateBucket, Target.Own,               [GL,  GL,  GL,  GL,  GL,  GL,  GL,  GL,  GL,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.IDriveCreateBucket, Target.Shared,            [GL,  GL,  GL,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.IDriveCreateBucket, Target.Unshared,          [GL,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.IDriveCreateBucket, Target.Inactive,          [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveCreateBucket, Target.Deleted,           [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveCreateBucket, Target.Internal,          [OK,  AC,  AC,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.IDriveCreateBucket, Target.InactiveInternal,  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveCreateBucket, Target.DeletedInternal,   [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveCreateBucket, Target.OtherAccount,      [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),

        new(Endpoint.IDriveDeleteBucket, Target.Own,               [GL,  GL,  GL,  GL,  GL,  GL,  GL,  GL,  GL,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.IDriveDeleteBucket, Target.Shared,            [GL,  GL,  GL,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.IDriveDeleteBucket, Target.Unshared,          [GL,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   GL]),
        new(Endpoint.IDriveDeleteBucket, Target.Inactive,          [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveDeleteBucket, Target.Deleted,           [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveDeleteBucket, Target.Internal,          [OK,  AC,  AC,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.IDriveDeleteBucket, Target.InactiveInternal,  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveDeleteBucket, Target.DeletedInternal,   [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.IDriveDeleteBucket, Target.OtherAccount,      [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),

        new(Endpoint.IDriveRegions, Target.None,                   [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.IDriveGetDailyUsage, Target.None,             [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),

        new(Endpoint.ApiTokenGetAll, Target.Own,                   [LS,  LS,  LS,  LS,  LS,  LS,  LS,  LS,  LS,  IU,  U,   U,   U,   U,   U,   LS]),
        new(Endpoint.ApiTokenGetAll, Target.Unshared,              [LS,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   LS]),
        new(Endpoint.ApiTokenGetAll, Target.Deleted,               [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),
        new(Endpoint.ApiTokenGetAll, Target.OtherAccount,          [AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  AB,  IU,  U,   U,   U,   U,   U,   AB]),

        // An API token cannot mint more API tokens: that takes the identity provider's sign-in.
        new(Endpoint.ApiTokenInsert, Target.None,                  [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   AC]),

        new(Endpoint.ApiTokenDelete, Target.Own,                   [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ApiTokenDelete, Target.Unshared,              [OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.ApiTokenDelete, Target.Deleted,               [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),
        new(Endpoint.ApiTokenDelete, Target.OtherAccount,          [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IU,  U,   U,   U,   U,   U,   NF]),

        new(Endpoint.GenerateDropboxUrl, Target.None,              [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.GenerateBoxUrl, Target.None,                  [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.GenerateGoogleDriveUrl, Target.None,          [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.GenerateOneDriveUrl, Target.None,             [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.GenerateFrameUrl, Target.None,                [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),

        new(Endpoint.DropboxCallback, Target.Own,                  [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.DropboxCallback, Target.Unshared,             [OK,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.BoxCallback, Target.Own,                      [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.BoxCallback, Target.Unshared,                 [OK,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.GoogleDriveCallback, Target.Own,              [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.GoogleDriveCallback, Target.Unshared,         [OK,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.OneDriveCallback, Target.Own,                 [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.OneDriveCallback, Target.Unshared,            [OK,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.FrameCallback, Target.Own,                    [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IU,  U,   U,   U,   U,   U,   OK]),
        new(Endpoint.FrameCallback, Target.Unshared,               [OK,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  SE,  IU,  U,   U,   U,   U,   U,   OK]),
    ];

    /// <summary>One theory case per cell: endpoint, object, caller and the answer the table states.</summary>
    public static TheoryData<Endpoint, Target, Caller, string> Cells
    {
        get
        {
            var cells = new TheoryData<Endpoint, Target, Caller, string>();
            var callers = Enum.GetValues<Caller>();
            foreach (var row in Rows)
            {
                if (row.Answers.Length != callers.Length)
                {
                    throw new InvalidOperationException($"The row {row.Endpoint} × {row.Target} has {row.Answers.Length} answers for {callers.Length} callers.");
                }

                for (var i = 0; i < callers.Length; i++)
                {
                    cells.Add(row.Endpoint, row.Target, callers[i], row.Answers[i]);
                }
            }

            return cells;
        }
    }

    /// <summary>The endpoints the table has rows for, so a test can show none was left out.</summary>
    public static IEnumerable<Endpoint> EndpointsCovered => Rows.Select(r => r.Endpoint).Distinct();

    private sealed record Row(Endpoint Endpoint, Target Target, string[] Answers);
}
