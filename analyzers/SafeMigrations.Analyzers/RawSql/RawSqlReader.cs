using System.Text;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.RawSql;

/// <summary>
/// Reads the SQL of a <c>Sql(...)</c> call, or of our <c>ReversibleSql(up, down)</c> helper's <c>up</c>,
/// in the dialect of the provider it runs on: T-SQL through ScriptDom, the others through the tokenizer.
/// </summary>
internal static class RawSqlReader
{
    /// <summary>True for the calls whose SQL this reader reads.</summary>
    public static bool HoldsSql(MigrationOperation operation) =>
        operation.Kind == OperationType.Sql || (operation.Kind == OperationType.Extension && operation.MethodName == "ReversibleSql");

    public static RawSqlReading Read(MigrationOperation operation, DatabaseProvider provider, PreviousSchema previous)
    {
        // A call the reader could not bind keeps its positional arguments unnamed: the SQL comes first.
        var argument = (operation.Kind == OperationType.Sql ? operation.Argument("sql") : operation.Argument("upSql"))
            ?? operation.Argument("#0");
        if (argument is null)
        {
            return RawSqlReading.NotChecked("its SQL could not be read");
        }

        if (argument.AsString() is not { } sql)
        {
            return RawSqlReading.NotChecked($"its SQL ({Shorten(argument.SourceText)}) is not a constant string, so the analyzer cannot see it");
        }

        var operations = new RawOperations(operation);
        if (provider == DatabaseProvider.SqlServer)
        {
            return TSqlStatementReader.Read(sql, operations, previous);
        }

        var dialect = provider switch
        {
            DatabaseProvider.MySql => SqlDialect.MySql,
            DatabaseProvider.Sqlite => SqlDialect.Sqlite,
            _ => SqlDialect.PostgreSql,
        };

        string? notUnderstood = null;
        var statements = SqlTokenizer.Split(sql, dialect);
        foreach (var statement in statements)
        {
            if (!DdlStatementReader.Read(statement, dialect, operations, previous))
            {
                notUnderstood ??= FirstWords(statement.Text);
            }
        }

        // Several statements in one command run as one implicit transaction on PostgreSQL (SM2009 needs to know).
        var read = statements.Count > 1 ? operations.WithSharedCommand() : operations.Operations;
        return new RawSqlReading(read, notUnderstood is null ? null : NotUnderstood(notUnderstood));
    }

    internal static string NotUnderstood(string statement) => $"the analyzer does not check statements like '{statement}'";

    /// <summary>The start of a statement, on one line, for messages: its first six words, and " ..." when there are more.</summary>
    /// <remarks>
    /// Words found by a loop: <c>string.Split</c> over four separators ran the framework's vectorized search for any of them,
    /// which a fresh csc process JIT-compiled for this call (0.6 ms in an ErsatzTV build; the benchmark's README, fifty-first round).
    /// </remarks>
    internal static string FirstWords(string statement)
    {
        var text = new StringBuilder();
        var words = 0;
        var position = 0;
        while (true)
        {
            while (position < statement.Length && IsWordSeparator(statement[position]))
            {
                position++;
            }

            if (position == statement.Length)
            {
                break;
            }

            if (words == 6)
            {
                text.Append(" ...");
                break;
            }

            var start = position;
            while (position < statement.Length && !IsWordSeparator(statement[position]))
            {
                position++;
            }

            if (words++ > 0)
            {
                text.Append(' ');
            }

            text.Append(statement, start, position - start);
        }

        return Shorten(text.ToString());
    }

    private static bool IsWordSeparator(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static string Shorten(string text)
    {
        text = text.Replace("\r", " ").Replace("\n", " ");
        return text.Length <= 80 ? text : text.Substring(0, 77) + "...";
    }
}
