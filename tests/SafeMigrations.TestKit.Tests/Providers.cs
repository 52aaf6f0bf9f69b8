using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.TestKit.Tests;

public static class Providers
{
    public static TheoryData<TestProvider> All => new(TestProvider.Sqlite, TestProvider.SqlServer, TestProvider.PostgreSql);
}
