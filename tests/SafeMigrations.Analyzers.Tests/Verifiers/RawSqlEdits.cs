using System.Text.RegularExpressions;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// EF never scaffolds <c>Sql(...)</c>: raw SQL is always written by hand into a scaffolded migration. These
/// edits do that, the way a developer would, at the start or the end of <c>Up</c>.
/// </summary>
public static class RawSqlEdits
{
    /// <summary>A scaffolded migration of <paramref name="provider"/> that changes nothing, for SQL of its own.</summary>
    public static MigrationProject EmptyMigration(TestProvider provider, Action<Microsoft.EntityFrameworkCore.ModelBuilder>? model = null) =>
        MigrationProject.Scaffold(provider, ("Initial", model ?? Models.CustomersAndOrders), ("RawSql", model ?? Models.CustomersAndOrders));

    /// <summary>
    /// Adds <paramref name="statements"/> (C# statements, usually <c>migrationBuilder.Sql(...)</c>) to the end of
    /// <c>Up</c>, and a reverse SQL to <c>Down</c>, so the rollback rules have a Down to look at.
    /// </summary>
    public static MigrationProject AppendToUp(this MigrationProject project, string statements, bool atStart = false)
    {
        return project.WithMigrationCode(project.Last, code =>
        {
            var up = Regex.Match(code, @"void Up\(MigrationBuilder migrationBuilder\)\s*\{\n");
            var body = up.Index + up.Length;
            var end = FindClosingBrace(code, body);
            var at = atStart ? body : end;
            code = code.Substring(0, at) + "            " + statements.Trim() + "\n" + code.Substring(at);
            var down = Regex.Match(code, @"void Down\(MigrationBuilder migrationBuilder\)\s*\{\n");
            return code.Insert(down.Index + down.Length, "            migrationBuilder.Sql(\"SELECT 1\");\n");
        });
    }

    private static int FindClosingBrace(string code, int bodyStart)
    {
        var depth = 1;
        for (var i = bodyStart; i < code.Length; i++)
        {
            depth += code[i] == '{' ? 1 : code[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                return code.LastIndexOf('\n', i) + 1;
            }
        }

        throw new InvalidOperationException("Up has no closing brace.");
    }
}
