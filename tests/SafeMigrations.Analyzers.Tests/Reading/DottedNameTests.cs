using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The last part of a dotted name, found by a loop instead of <c>string.LastIndexOf</c> (which a fresh compiler process
/// JIT-compiled for it): a DbContext's simple name as the migration index compares it, and a referential action's member name.
/// </summary>
public class DottedNameTests
{
    [Theory]
    [InlineData("Sample.ShopContext", "ShopContext")]
    [InlineData("ShopContext", "ShopContext")]
    [InlineData("global::Sample.Data.ShopContext", "ShopContext")]
    [InlineData("Sample.Data.TenantContext<Sample.Tenant>", "TenantContext")]
    [InlineData("TenantContext<Sample.Tenant>", "TenantContext")]
    [InlineData("Sample.Outer.Inner", "Inner")]
    [InlineData(".Leading", "Leading")]
    [InlineData("Trailing.", "")]
    [InlineData("", "")]
    [InlineData("Sämple.Kontekst", "Kontekst")]
    public void A_DbContext_display_name_gives_its_simple_name(string displayName, string expected)
    {
        Assert.Equal(expected, MigrationDeclaration.SimpleNameOf(displayName));

        // The same as the LastIndexOf it replaced, on the part before any type argument.
        var generic = displayName.IndexOf('<');
        var name = generic < 0 ? displayName : displayName.Substring(0, generic);
        Assert.Equal(name.Substring(name.LastIndexOf('.') + 1), MigrationDeclaration.SimpleNameOf(displayName));
    }

    [Fact]
    public void No_display_name_gives_none() => Assert.Null(MigrationDeclaration.SimpleNameOf(null));

    [Theory]
    [InlineData("ReferentialAction.Cascade", 25, 18)]
    [InlineData("Microsoft.EntityFrameworkCore.Migrations.ReferentialAction.SetNull", 66, 59)]
    [InlineData("Cascade", 7, 0)]
    [InlineData("A.B.C", 3, 2)]
    [InlineData("A.B.C", 1, 0)]
    public void The_last_part_starts_after_the_last_dot_before_the_end(string name, int end, int expected)
    {
        Assert.Equal(expected, DottedName.LastPartStart(name, end));
        Assert.Equal(name.LastIndexOf('.', end - 1) + 1, DottedName.LastPartStart(name, end));
    }

    [Theory]
    [InlineData("DeleteBehavior.Cascade", "Cascade")]
    [InlineData("Microsoft.EntityFrameworkCore.DeleteBehavior.SetNull", "SetNull")]
    [InlineData("Restrict", "Restrict")]
    [InlineData("Trailing.", "")]
    [InlineData("", "")]
    public void The_last_part_is_what_follows_the_last_dot(string name, string expected)
    {
        Assert.Equal(expected, DottedName.LastPart(name));
        Assert.Equal(name.Split('.').Last(), DottedName.LastPart(name));
    }
}
