using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.Tests.Scenarios.PostgresIdempotentScript;

namespace SafeMigrations.Tests;

/// <summary>
/// <c>dotnet ef migrations script --idempotent</c> on PostgreSQL: Npgsql wraps each command in a <c>DO</c> block that checks
/// the history table. The helpers' statements (a function and trigger, a batched backfill that commits between batches,
/// a NOT VALID check and foreign key, their validation, a brief-lock NOT NULL set and one dropped) run inside it, applied
/// by psql as a deployment would, over real rows, and the script runs again after the contract without failing or
/// changing them.
/// </summary>
public sealed class PostgresIdempotentScriptTests
{
    [Fact]
    public void An_idempotent_script_applies_an_expand_and_its_contract_and_runs_again_unchanged()
    {
        using var db = TestDatabase.Create(Db.Postgres, "idempotent");
        using var context = db.Context<PgIdempotentContext>();
        TestDatabase.Migrate(context, "20260411000001_Users");
        db.Seed("Teams", "\"Id\", \"Name\"", "i, 'team ' || i", 3);
        db.Seed("Users", "\"Id\", \"Email\", \"TeamId\"", "i, 'user' || i || '@example.com', i % 3 + 1", 2_500);
        db.Exec("INSERT INTO \"Users\" (\"Id\", \"Email\") VALUES (100000, 'zoë.ångström@exämple.com');");
        var before = db.Rows("SELECT \"Id\", \"Email\" FROM \"Users\"");

        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("DO $EF$", script);
        RunPsql(db, script);

        Assert.Equal(3, TestDatabase.Applied(context).Count);
        Assert.Equal(before, db.Rows("SELECT \"Id\", \"EmailAddress\" FROM \"Users\""));
        Assert.False(db.ColumnExists("Users", "Email"));
        Assert.False(db.IsNullable("Users", "EmailAddress"));
        Assert.True(db.ConstraintValidated("CK_Users_EmailAddress"));
        Assert.True(db.ConstraintValidated("FK_Users_Teams_TeamId"));
        Assert.True(db.IsNullable("Teams", "Name"));

        // Again, as a pipeline that deploys the same script twice: every step is skipped, nothing fails or changes.
        RunPsql(db, script);
        Assert.Equal(before, db.Rows("SELECT \"Id\", \"EmailAddress\" FROM \"Users\""));
        Assert.Equal(3, TestDatabase.Applied(context).Count);
    }

    private static void RunPsql(TestDatabase db, string script)
    {
        var path = Path.Combine(Path.GetTempPath(), $"safemigrations-{Guid.NewGuid():N}.sql");
        File.WriteAllText(path, script);
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(db.ConnectionString);
            var start = new ProcessStartInfo("psql")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, "-d", connection.Database!, "-f", path })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["PGPASSWORD"] = connection.Password;
            Process psql;
            try
            {
                psql = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("This test applies the script as a deployment does, with psql, which is not on the PATH: install postgresql-client.", e);
            }

            using var _ = psql;
            var output = psql.StandardOutput.ReadToEndAsync();
            var errors = psql.StandardError.ReadToEnd();
            psql.WaitForExit();
            Assert.True(psql.ExitCode == 0, $"psql exited with {psql.ExitCode}:\n{errors}\n{output.Result}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
