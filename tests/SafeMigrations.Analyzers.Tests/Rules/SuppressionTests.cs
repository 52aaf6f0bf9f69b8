using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

/// <summary>
/// The same three checks for every rule, on a scaffolded migration where it fires: <c>#pragma warning
/// disable</c>, <c>[SuppressMessage]</c> on the class and <c>safe_migrations.start_after</c> each silence that
/// rule there, and nothing else. What else the migration reports is taken from an unsuppressed run, so the
/// checks hold however many rules a real migration meets.
/// </summary>
public class SuppressionTests
{
    private static void EmailRequired(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Email).IsRequired();
    });

    private static void EmailIndexedConcurrently(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.HasIndex(c => c.Email).IsCreatedConcurrently();
    });

    private static void PointsWithRandomDefault(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Points).HasDefaultValueSql("floor(random() * 100)::int");
    });

    private static MigrationProject Scaffold(TestProvider provider, Action<ModelBuilder> before, Action<ModelBuilder> after) =>
        MigrationProject.Scaffold(provider, ("Initial", before), ("Change", after));

    /// <summary>A scaffolded migration on which the rule fires, by rule ID.</summary>
    private static MigrationProject PositiveCase(string id) => id switch
    {
        "SM1001" => Scaffold(TestProvider.PostgreSql, Models.Customers, Models.CustomersWithRenamedName),
        "SM1002" => Scaffold(TestProvider.PostgreSql, Models.CustomersWithEmailIndex, Models.CustomersWithEmailIndexRenamedToClients),
        "SM1003" => Scaffold(TestProvider.PostgreSql, Models.Customers, Models.CustomersWithoutEmail),
        "SM1004" => Scaffold(TestProvider.PostgreSql, Models.CustomersAndOrders, Models.Customers),
        "SM1005" => Scaffold(TestProvider.PostgreSql, TypeModels.Ledgers, TypeModels.WideLedgers),
        "SM1006" => Scaffold(TestProvider.PostgreSql, TypeModels.EmailOf(200), TypeModels.EmailOf(100)),
        "SM1007" => Scaffold(TestProvider.PostgreSql, Models.CustomersWithoutPoints, Models.Customers),
        "SM1008" => Scaffold(TestProvider.PostgreSql, Models.Customers, EmailRequired),
        "SM2001" => Scaffold(TestProvider.PostgreSql, Models.Customers, Models.CustomersWithEmailIndex),
        "SM2002" => Scaffold(TestProvider.PostgreSql, Models.CustomersWithoutEmail, EmailIndexedConcurrently),
        "SM2003" => Scaffold(TestProvider.PostgreSql, Models.CustomersWithEmailIndex, Models.Customers),
        "SM2004" => Scaffold(TestProvider.PostgreSql, LockModels.CustomersAndUnrelatedOrders, Models.CustomersAndOrders),
        "SM2005" => Scaffold(TestProvider.SqlServer, Models.Customers, LockModels.CustomersWithPointsCheck),
        "SM2006" => Scaffold(TestProvider.PostgreSql, Models.Customers, LockModels.CustomersWithUniquePoints),
        "SM2007" => Scaffold(TestProvider.PostgreSql, Models.CustomersWithoutPoints, PointsWithRandomDefault),
        "SM2008" => Scaffold(TestProvider.Sqlite, Models.Customers, Models.CustomersWithoutEmail),
        "SM3003" => ContractDroppingEmail(),
        "SM2009" => RawSqlEdits.EmptyMigration(TestProvider.PostgreSql).AppendToUp("migrationBuilder.Sql(\"DROP INDEX CONCURRENTLY \\\"IX_Orders_CustomerId\\\";\");"),
        "SM4001" => RawSqlEdits.EmptyMigration(TestProvider.PostgreSql).AppendToUp("migrationBuilder.Sql(\"VACUUM \\\"Customers\\\";\");"),
        "SM4002" => RawSqlEdits.EmptyMigration(TestProvider.SqlServer).AppendToUp("migrationBuilder.Sql(\"UPDATE [Customers] SET [Points] = 0;\");"),
        "SM4003" => Scaffold(TestProvider.PostgreSql, Models.CustomersWithoutEmail, Models.Customers)
            .AppendToUp("migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Email\\\" = '' WHERE \\\"Email\\\" IS NULL;\");"),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "no positive case"),
    };

    /// <summary>SM3003's contract message: the drop of a scaffolded migration, marked as a contract.</summary>
    private static MigrationProject ContractDroppingEmail()
    {
        var project = Scaffold(TestProvider.PostgreSql, Models.Customers, Models.CustomersWithoutEmail);
        return project.WithMigrationCode(
            project.Last,
            code => ReplaceOnce(code, "    public partial class ", "    [EFCore.SafeMigrations.ContractOf(\"" + project.History[0].Id + "\")]\n    public partial class "),
            keepsDownInStep: true);
    }

    public static TheoryData<string> RuleIds => new()
    {
        "SM1001", "SM1002", "SM1003", "SM1004", "SM1005", "SM1006", "SM1007", "SM1008",
        "SM2001", "SM2002", "SM2003", "SM2004", "SM2005", "SM2006", "SM2007", "SM2008", "SM2009",
        "SM3003",
        "SM4001", "SM4002", "SM4003",
    };

    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task Pragma_silences_the_rule_and_nothing_else(string id)
    {
        var project = PositiveCase(id);
        var expected = await Unsuppressed(project, id);

        // Same line count: the blank line after the using becomes the pragma, so no span moves.
        project.WithMigrationCode(project.Last, code => ReplaceOnce(code, "\n\n#nullable disable", $"\n#pragma warning disable {id} // justified in review\n#nullable disable"), keepsDownInStep: !project.DownOutOfStep);

        await VerifyAsync(project, expected.Where(d => !InLast(d, id, project)).Select(ToResult).ToArray());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task SuppressMessage_silences_the_rule_and_nothing_else(string id)
    {
        var project = PositiveCase(id);
        var expected = await Unsuppressed(project, id);
        var category = Descriptors(id).Category;

        project.WithMigrationCode(
            project.Last,
            code => ReplaceOnce(code, "    public partial class ", $"    [System.Diagnostics.CodeAnalysis.SuppressMessage(\"{category}\", \"{id}\", Justification = \"reviewed\")] public partial class "),
            keepsDownInStep: !project.DownOutOfStep);

        await VerifyAsync(project, expected.Where(d => !InLast(d, id, project)).Select(ToResult).ToArray());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task Start_after_silences_the_migration(string id)
    {
        var project = PositiveCase(id);
        var expected = await Unsuppressed(project, id);

        var remaining = expected.Where(d => !InLast(d, null, project)).Select(ToResult).ToArray();
        await VerifyAsync(project, "safe_migrations.start_after = " + project.Last.Id, remaining);

        // The timestamp alone names the same migration.
        await VerifyAsync(project, "safe_migrations.start_after = " + project.Last.Id.Split('_')[0], remaining);
    }

    /// <summary>Every diagnostic of the unedited project, as the verifier will see it; asserts the rule is among them.</summary>
    private static async Task<IReadOnlyList<Diagnostic>> Unsuppressed(MigrationProject project, string id)
    {
        // With the runtime library, as the verifier compiles it: [ContractOf] must bind for SM3003's contract case.
        var compilation = CompilationHarness.Compile(project.Sources).AddReferences(Rollback.RollbackHarness.RuntimeReference);
        var diagnostics = (await CompilationHarness.AnalyzeAsync(compilation, new SafeMigrationsAnalyzer()))
            .Where(d => !(project.DownOutOfStep && d.Id == "SM3002"))
            .ToList();
        Assert.Contains(diagnostics, d => d.Id == id && d.Location.SourceTree?.FilePath == MigrationProject.PathOf(project.Last));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    private static bool InLast(Diagnostic diagnostic, string? id, MigrationProject project) =>
        (id is null || diagnostic.Id == id) && diagnostic.Location.SourceTree?.FilePath == MigrationProject.PathOf(project.Last);

    private static DiagnosticDescriptor Descriptors(string id) =>
        new SafeMigrationsAnalyzer().SupportedDiagnostics.First(d => d.Id == id);

    private static DiagnosticResult ToResult(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return new DiagnosticResult(diagnostic.Id, diagnostic.Severity)
            .WithSpan(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1)
            .WithMessage(diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    private static string ReplaceOnce(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in the migration");
        return text.Substring(0, at) + replacement + text.Substring(at + find.Length);
    }
}
