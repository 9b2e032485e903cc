using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

public sealed record TestUser(Guid Id, Guid AccountId, UserType UserType, string Email)
{
    public static TestUser In(Guid accountId, UserType userType) =>
        new(Guid.NewGuid(), accountId, userType, $"{Guid.NewGuid():N}@amove.test");
}

/// <summary>
/// A fresh Amove account with one user of each kind that matters for visibility, plus a user of
/// another account. Fresh ids per test keep tests independent on one shared database.
/// </summary>
public sealed class TestTenant
{
    public Guid AccountId { get; } = Guid.NewGuid();

    public TestUser Owner { get; }

    public TestUser DesktopAdmin { get; }

    public TestUser DesktopCreativeUser { get; }

    public TestUser DesktopStandardUser { get; }

    public TestUser OtherAccountAdmin { get; }

    /// <summary>A member by property name, for data-driven visibility tests.</summary>
    public TestUser Pick(string member) => member switch
    {
        nameof(Owner) => Owner,
        nameof(DesktopAdmin) => DesktopAdmin,
        nameof(DesktopCreativeUser) => DesktopCreativeUser,
        nameof(DesktopStandardUser) => DesktopStandardUser,
        nameof(OtherAccountAdmin) => OtherAccountAdmin,
        _ => throw new ArgumentOutOfRangeException(nameof(member), member, null),
    };

    public TestTenant()
    {
        Owner = TestUser.In(AccountId, UserType.DesktopStandardUser);
        DesktopAdmin = TestUser.In(AccountId, UserType.DesktopAdmin);
        DesktopCreativeUser = TestUser.In(AccountId, UserType.DesktopCreativeUser);
        DesktopStandardUser = TestUser.In(AccountId, UserType.DesktopStandardUser);
        OtherAccountAdmin = TestUser.In(Guid.NewGuid(), UserType.DesktopAdmin);
    }
}
