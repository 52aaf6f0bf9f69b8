using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.RawSql;

/// <summary>
/// Reads one PostgreSQL, SQLite or MySQL statement into the operations it stands for. Returns false for a
/// statement it does not know, which the caller reports as unchecked (SM4001). Statements that change no
/// existing table's data or shape (CREATE VIEW, SET, COMMENT ON, ...) are known and add nothing.
/// </summary>
internal static class DdlStatementReader
{
    private const string Concurrently = "Npgsql:CreatedConcurrently";

    public static bool Read(SqlStatement statement, SqlDialect dialect, RawOperations operations, PreviousSchema previous)
    {
        var cursor = new TokenCursor(statement);
        if (cursor.Accept("CREATE"))
        {
            return ReadCreate(cursor, operations);
        }

        if (cursor.Accept("ALTER", "TABLE"))
        {
            return ReadAlterTable(cursor, dialect, operations, previous);
        }

        if (cursor.Accept("DROP"))
        {
            return ReadDrop(cursor, dialect, operations, previous);
        }

        if (cursor.Accept("WITH") && !SkipCommonTableExpressions(cursor))
        {
            return false;
        }

        if (cursor.AcceptAny("UPDATE", "DELETE") is { } verb)
        {
            return ReadDml(cursor, verb, operations);
        }

        // Statements that touch no existing table's shape or rows in a way a rule checks.
        return cursor.AcceptAny("SELECT", "INSERT", "SET", "RESET", "COMMENT", "GRANT", "REVOKE", "PRAGMA", "ANALYZE") is not null
            || cursor.Accept("ALTER", "INDEX")
            || cursor.Accept("ALTER", "SEQUENCE")
            || cursor.Accept("ALTER", "VIEW");
    }

    // WITH a AS (...), b (x, y) AS MATERIALIZED (...): the statement's verb comes after. A data-modifying
    // CTE (DELETE ... RETURNING) changes rows the reader does not follow: false, unchecked.
    private static bool SkipCommonTableExpressions(TokenCursor cursor)
    {
        cursor.Accept("RECURSIVE");
        do
        {
            if (cursor.Identifier() is null)
            {
                return false;
            }

            cursor.SkipGroup();
            if (!cursor.Accept("AS"))
            {
                return false;
            }

            cursor.Accept("NOT");
            cursor.Accept("MATERIALIZED");
            if (cursor.Peek(1) is { } first && (first.IsWord("INSERT") || first.IsWord("UPDATE") || first.IsWord("DELETE") || first.IsWord("MERGE")))
            {
                return false;
            }

            if (!cursor.SkipGroup())
            {
                return false;
            }
        }
        while (cursor.AcceptSymbol(","));

        return true;
    }

    private static bool ReadCreate(TokenCursor cursor, RawOperations operations)
    {
        cursor.Accept("OR", "REPLACE");
        var unique = cursor.Accept("UNIQUE");
        if (cursor.AcceptAny("FULLTEXT", "SPATIAL") is not null || unique || cursor.Peek() is { } next && next.IsWord("INDEX"))
        {
            if (!cursor.Accept("INDEX"))
            {
                return false;
            }

            var concurrently = cursor.Accept("CONCURRENTLY");
            cursor.Accept("IF", "NOT", "EXISTS");
            var index = cursor.Peek() is { } token && token.IsWord("ON") ? (null, null) : cursor.QualifiedName();
            cursor.Accept("USING");
            if (!cursor.Accept("ON"))
            {
                return false;
            }

            cursor.Accept("ONLY");
            var table = cursor.QualifiedName();
            if (table.Name is null)
            {
                return false;
            }

            if (cursor.Accept("USING"))
            {
                cursor.Identifier();
            }

            operations.Add(
                OperationType.CreateIndex,
                concurrently ? RawOperations.Annotation(Concurrently, true) : EquatableArray<OperationAnnotation>.Empty,
                ("name", index.Name),
                ("table", table.Name),
                ("schema", table.Schema ?? index.Schema),
                ("columns", cursor.IdentifierList()),
                ("unique", unique ? true : null));
            return true;
        }

        cursor.AcceptAny("TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL");
        if (cursor.Accept("TABLE"))
        {
            cursor.Accept("IF", "NOT", "EXISTS");
            var table = cursor.QualifiedName();
            if (table.Name is not null)
            {
                operations.Add(OperationType.CreateTable, ("name", table.Name), ("schema", table.Schema));
            }

            return table.Name is not null;
        }

        // New objects that lock nothing existing for long: views, routines, triggers, types, schemas...
        return cursor.AcceptAny("VIEW", "MATERIALIZED", "FUNCTION", "PROCEDURE", "TRIGGER", "SEQUENCE", "TYPE", "SCHEMA", "EXTENSION", "DOMAIN", "COLLATION", "ALGORITHM", "DEFINER", "SQL", "EVENT") is not null;
    }

    private static bool ReadAlterTable(TokenCursor cursor, SqlDialect dialect, RawOperations operations, PreviousSchema previous)
    {
        cursor.Accept("IF", "EXISTS");
        cursor.Accept("ONLY");
        var (schema, table) = cursor.QualifiedName();
        if (table is null)
        {
            return false;
        }

        var known = true;
        do
        {
            known &= ReadAlterAction(cursor, dialect, operations, previous, schema, table);
        }
        while (cursor.NextItem());

        return known;
    }

    private static bool ReadAlterAction(TokenCursor cursor, SqlDialect dialect, RawOperations operations, PreviousSchema previous, string? schema, string table)
    {
        if (cursor.Accept("RENAME"))
        {
            if (cursor.Accept("TO") || cursor.Accept("AS"))
            {
                operations.Add(OperationType.RenameTable, ("name", table), ("schema", schema), ("newName", cursor.QualifiedName().Name));
                return true;
            }

            if (cursor.AcceptAny("CONSTRAINT", "INDEX", "KEY") is not null)
            {
                return true;
            }

            cursor.Accept("COLUMN");
            var column = cursor.Identifier();
            var renamed = cursor.Accept("TO") ? cursor.Identifier() : null;
            if (column is null || renamed is null)
            {
                return false;
            }

            operations.Add(OperationType.RenameColumn, ("name", column), ("table", table), ("schema", schema), ("newName", renamed));
            return true;
        }

        if (cursor.Accept("ADD"))
        {
            return ReadAdd(cursor, dialect, operations, schema, table);
        }

        if (cursor.Accept("DROP"))
        {
            if (cursor.AcceptAny("CONSTRAINT", "INDEX", "KEY", "PRIMARY", "FOREIGN", "CHECK", "DEFAULT", "PERIOD") is not null)
            {
                return true;
            }

            cursor.Accept("COLUMN");
            cursor.Accept("IF", "EXISTS");
            var column = cursor.Identifier();
            if (column is null)
            {
                return false;
            }

            operations.Add(OperationType.DropColumn, ("name", column), ("table", table), ("schema", schema));
            return true;
        }

        if (cursor.Accept("ALTER"))
        {
            cursor.Accept("COLUMN");
            var column = cursor.Identifier();
            if (column is null)
            {
                return false;
            }

            if (cursor.Accept("SET", "NOT", "NULL"))
            {
                var old = previous.Column(schema, table, column);
                if (old is null || old.IsNullable)
                {
                    operations.Add(OperationType.AlterColumn, ("name", column), ("table", table), ("schema", schema), ("nullable", false), ("oldNullable", true));
                }

                return true;
            }

            if (cursor.Accept("TYPE") || cursor.Accept("SET", "DATA", "TYPE"))
            {
                if (cursor.TextUntil(t => t.IsWord("USING") || t.IsWord("COLLATE")) is { } type)
                {
                    operations.AddAlterColumn(previous, schema, table, column, type, nullable: null);
                }

                return true;
            }

            // SET EXPRESSION (PostgreSQL 17) recomputes the stored column: a rewrite of the whole table.
            if (cursor.Accept("SET", "EXPRESSION"))
            {
                return false;
            }

            // SET/DROP DEFAULT, DROP NOT NULL, SET STATISTICS, SET STORAGE: metadata only.
            return cursor.AcceptAny("SET", "DROP") is not null;
        }

        if (dialect == SqlDialect.MySql && cursor.AcceptAny("MODIFY", "CHANGE") is { } verb)
        {
            cursor.Accept("COLUMN");
            var column = cursor.Identifier();
            var renamed = verb == "CHANGE" ? cursor.Identifier() : column;
            if (column is null || renamed is null)
            {
                return false;
            }

            if (!string.Equals(column, renamed, System.StringComparison.Ordinal))
            {
                operations.Add(OperationType.RenameColumn, ("name", column), ("table", table), ("schema", schema), ("newName", renamed));
            }

            var notNull = cursor.ItemContains("NOT", "NULL") || cursor.ItemContains("PRIMARY", "KEY");
            if (cursor.TextUntil(IsColumnConstraintStart) is { } type)
            {
                operations.AddAlterColumn(previous, schema, table, column, type, nullable: !notNull);
            }

            return true;
        }

        if (cursor.Accept("SET"))
        {
            // SET SCHEMA moves the table, as EF's RenameTable with a newSchema does (SM1002).
            if (cursor.Accept("SCHEMA"))
            {
                var newSchema = cursor.Identifier();
                if (newSchema is not null)
                {
                    operations.Add(OperationType.RenameTable, ("name", table), ("schema", schema), ("newName", table), ("newSchema", newSchema));
                }

                return newSchema is not null;
            }

            // SET (storage parameters) and SET WITHOUT CLUSTER are metadata only; SET TABLESPACE, LOGGED/UNLOGGED and
            // ACCESS METHOD rewrite the table under an ACCESS EXCLUSIVE lock, and SET WITHOUT OIDS is not checked: unchecked.
            return cursor.Peek() is { } options
                && (options.IsSymbol("(") || (options.IsWord("WITHOUT") && cursor.Peek(1) is { } what && what.IsWord("CLUSTER")));
        }

        // VALIDATE CONSTRAINT, ENABLE/DISABLE TRIGGER, OWNER TO, RESET (storage options), ALGORITHM=, LOCK=...
        return cursor.AcceptAny("VALIDATE", "ENABLE", "DISABLE", "OWNER", "RESET", "ALGORITHM", "LOCK", "COMMENT", "CLUSTER", "REPLICA") is not null;
    }

    private static bool ReadAdd(TokenCursor cursor, SqlDialect dialect, RawOperations operations, string? schema, string table)
    {
        var name = cursor.Accept("CONSTRAINT") ? cursor.Identifier() : null;
        if (cursor.Accept("FOREIGN", "KEY"))
        {
            var columns = cursor.IdentifierList();
            cursor.Accept("REFERENCES");
            var principal = cursor.QualifiedName();
            if (!cursor.ItemContains("NOT", "VALID"))
            {
                operations.Add(
                    OperationType.AddForeignKey,
                    ("name", name),
                    ("table", table),
                    ("schema", schema),
                    ("columns", columns),
                    ("principalTable", principal.Name),
                    ("principalSchema", principal.Schema));
            }

            return true;
        }

        if (cursor.Accept("CHECK"))
        {
            var sql = cursor.TextUntil(t => t.IsWord("NOT") || t.IsWord("NO") || t.IsWord("ENFORCED"));
            if (!cursor.ItemContains("NOT", "VALID") && !cursor.ItemContains("NOT", "ENFORCED"))
            {
                operations.Add(OperationType.AddCheckConstraint, ("name", name), ("table", table), ("schema", schema), ("sql", sql?.Trim('(', ')', ' ')));
            }

            return true;
        }

        var primary = cursor.Accept("PRIMARY", "KEY");
        if (primary || cursor.Accept("UNIQUE"))
        {
            cursor.AcceptAny("KEY", "INDEX");
            if (!primary && cursor.Peek() is { IsIdentifier: true } indexName && !indexName.IsWord("USING"))
            {
                name ??= cursor.Identifier();
            }

            // PostgreSQL's ADD CONSTRAINT ... USING INDEX adopts an index built beforehand (concurrently): metadata only.
            if (cursor.Accept("USING", "INDEX"))
            {
                return true;
            }

            operations.Add(primary ? OperationType.AddPrimaryKey : OperationType.AddUniqueConstraint, ("name", name), ("table", table), ("schema", schema), ("columns", cursor.IdentifierList()));
            return true;
        }

        if (name is not null || cursor.AcceptAny("INDEX", "KEY", "FULLTEXT", "SPATIAL", "PERIOD") is not null)
        {
            // MySQL's ADD INDEX builds online (INPLACE, LOCK=NONE); a named constraint of another kind is unknown.
            return name is null;
        }

        cursor.Accept("COLUMN");
        cursor.Accept("IF", "NOT", "EXISTS");
        var column = cursor.Identifier();
        var type = cursor.TextUntil(IsColumnConstraintStart);
        if (column is null || type is null)
        {
            return false;
        }

        var notNull = cursor.ItemContains("NOT", "NULL") || cursor.ItemContains("PRIMARY", "KEY");
        var defaultSql = cursor.ItemContains("DEFAULT") && cursor.SkipPast("DEFAULT") ? cursor.TextUntil(IsColumnConstraintStart)?.Trim() : null;
        string? computed = null;
        var stored = false;
        if (cursor.SkipPast("AS") && !(cursor.Peek() is { } identity && identity.IsWord("IDENTITY")))
        {
            computed = cursor.TextUntil(t => t.IsWord("STORED") || t.IsWord("VIRTUAL") || t.IsWord("PERSISTENT"))?.Trim('(', ')', ' ');
            stored = cursor.AcceptAny("STORED", "PERSISTENT") is not null || dialect == SqlDialect.PostgreSql;
        }

        operations.Add(
            OperationType.AddColumn,
            ("name", column),
            ("table", table),
            ("schema", schema),
            ("type", type),
            ("nullable", !notNull),
            ("defaultValueSql", defaultSql),
            ("computedColumnSql", computed),
            ("stored", computed is null ? null : stored));
        return true;
    }

    // CHARACTER starts MySQL's CHARACTER SET clause, but is also PostgreSQL's character varying(n): only before SET.
    private static bool IsColumnConstraintStart(SqlToken token, SqlToken? next) =>
        token.IsWord("NOT") || token.IsWord("NULL") || token.IsWord("DEFAULT") || token.IsWord("CONSTRAINT") || token.IsWord("PRIMARY")
        || token.IsWord("UNIQUE") || token.IsWord("CHECK") || token.IsWord("REFERENCES") || token.IsWord("GENERATED") || token.IsWord("AS")
        || token.IsWord("COLLATE") || token.IsWord("COMMENT") || token.IsWord("AUTO_INCREMENT") || token.IsWord("FIRST") || token.IsWord("AFTER")
        || (token.IsWord("CHARACTER") && next is { } set && set.IsWord("SET")) || token.IsWord("USING") || token.IsWord("ON");

    private static bool ReadDrop(TokenCursor cursor, SqlDialect dialect, RawOperations operations, PreviousSchema previous)
    {
        if (cursor.Accept("TABLE"))
        {
            cursor.Accept("IF", "EXISTS");
            do
            {
                var (schema, table) = cursor.QualifiedName();
                if (table is null)
                {
                    return false;
                }

                operations.Add(OperationType.DropTable, ("name", table), ("schema", schema));
            }
            while (cursor.AcceptSymbol(","));

            return true;
        }

        if (cursor.Accept("INDEX"))
        {
            // DROP INDEX CONCURRENTLY takes no ACCESS EXCLUSIVE lock (SM2003 passes it), but needs to run alone (SM2009).
            var concurrently = cursor.Accept("CONCURRENTLY");
            cursor.Accept("IF", "EXISTS");
            var known = true;
            do
            {
                var index = cursor.QualifiedName();
                if (index.Name is null)
                {
                    return false;
                }

                var table = cursor.Accept("ON") ? cursor.QualifiedName() : previous.TableOfIndex(index.Name) is { } owner ? (owner.Schema, owner.Table) : (null, null);

                // SM2003 names the table it locks: a PostgreSQL index the previous model does not place is unchecked.
                known &= table.Item2 is not null || concurrently || dialect != SqlDialect.PostgreSql;
                operations.Add(
                    OperationType.DropIndex,
                    ("name", index.Name),
                    ("table", table.Item2),
                    ("schema", table.Item1 ?? (dialect == SqlDialect.PostgreSql ? index.Schema : null)),
                    ("concurrently", concurrently ? true : null));
            }
            while (cursor.AcceptSymbol(","));

            return known;
        }

        return cursor.AcceptAny("VIEW", "MATERIALIZED", "FUNCTION", "PROCEDURE", "TRIGGER", "SEQUENCE", "TYPE", "SCHEMA", "EXTENSION", "DOMAIN", "EVENT") is not null;
    }

    private static bool ReadDml(TokenCursor cursor, string verb, RawOperations operations)
    {
        if (verb == "DELETE" && !cursor.Accept("FROM"))
        {
            return false;
        }

        cursor.Accept("ONLY");
        var (schema, table) = cursor.QualifiedName();
        if (table is null)
        {
            return false;
        }

        operations.Add(
            verb == "UPDATE" ? OperationType.UpdateRows : OperationType.DeleteRows,
            ("table", table),
            ("schema", schema),
            ("where", cursor.RestContains("WHERE")),
            ("limited", cursor.RestContains("LIMIT")));
        return true;
    }
}
