namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>Visibility data for theories; pick the caller with <see cref="TestTenant.Pick"/>.</summary>
public static class TestTenantRoles
{
    /// <summary>
    /// Who may browse a cloud account (list_buckets, list_objects): its owner always; desktop admins and desktop
    /// creative users of the same Amove account only while it is shared; standard users and other accounts never.
    /// </summary>
    public static TheoryData<string, bool, bool> BrowseVisibility => new()
    {
        { nameof(TestTenant.Owner), false, true },
        { nameof(TestTenant.Owner), true, true },
        { nameof(TestTenant.DesktopAdmin), false, false },
        { nameof(TestTenant.DesktopAdmin), true, true },
        { nameof(TestTenant.DesktopCreativeUser), false, false },
        { nameof(TestTenant.DesktopCreativeUser), true, true },
        { nameof(TestTenant.DesktopStandardUser), false, false },
        { nameof(TestTenant.DesktopStandardUser), true, false },
        { nameof(TestTenant.OtherAccountAdmin), false, false },
        { nameof(TestTenant.OtherAccountAdmin), true, false },
    };
}
