using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The provider's name goes into every finding's properties, where the code fixes parse it back: the switch that writes it
/// must write what <c>ToString()</c> writes, for every value, and parse back to the same value.
/// </summary>
public class DatabaseProviderNameTests
{
    [Fact]
    public void Each_providers_name_is_its_enum_name()
    {
        var values = Enum.GetValues<DatabaseProvider>();
        foreach (var provider in values)
        {
            Assert.Equal(provider.ToString(), provider.Name());
            Assert.Equal(provider, Enum.Parse<DatabaseProvider>(provider.Name()));
        }
    }
}
