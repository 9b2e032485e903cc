namespace Amove.CloudAccounts.Core.Entities;

[Flags]
public enum UserType
{
    ProviderAdmin = 1,
    ResellerAdmin = 2,
    AccountAdmin = 4,
    AccountUser = 8,
    DesktopAdmin = 16,
    DesktopCreativeUser = 32,
    DesktopStandardUser = 64,
}
