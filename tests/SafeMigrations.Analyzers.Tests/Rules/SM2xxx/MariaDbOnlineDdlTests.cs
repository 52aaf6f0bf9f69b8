using MySqlConnector;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Analyzers.Tests.Rules;

/// <summary>
/// The MySQL-family facts SM2004-SM2007 rely on, checked on a real MariaDB server: each statement is asked to
/// run with ALGORITHM=INPLACE, LOCK=NONE (online, writes go on); the server refuses exactly the ones the rules
/// report as copying the table or blocking writes. (No Pomelo generator runs on EF Core 10, so the statements
/// are written as Pomelo writes them.)
/// </summary>
public class MariaDbOnlineDdlTests
{
    public static TheoryData<string, string, bool> Statements() => new()
    {
        { "SM2004", "ALTER TABLE `Orders` ADD CONSTRAINT `FK_Orders_Customers` FOREIGN KEY (`CustomerId`) REFERENCES `Customers` (`Id`)", false },
        { "SM2005", "ALTER TABLE `Customers` ADD CONSTRAINT `CK_Customers_Points` CHECK (`Points` >= 0)", false },
        { "SM2006 quiet: unique", "ALTER TABLE `Customers` ADD CONSTRAINT `AK_Customers_Points` UNIQUE (`Points`)", true },
        { "SM2007: STORED", "ALTER TABLE `Customers` ADD `DoublePoints` int AS (`Points` * 2) STORED", false },
        { "SM2007 quiet: VIRTUAL", "ALTER TABLE `Customers` ADD `DoublePoints` int AS (`Points` * 2) VIRTUAL", true },
        { "SM2007: UUID()", "ALTER TABLE `Customers` ADD `Token` char(36) NOT NULL DEFAULT (UUID())", false },
        { "SM2007 quiet: CURRENT_TIMESTAMP", "ALTER TABLE `Customers` ADD `JoinedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)", true },
        { "SM2007 quiet: constant", "ALTER TABLE `Customers` ADD `Score` int NOT NULL DEFAULT 10", true },
        { "SM2007: AUTO_INCREMENT", "ALTER TABLE `Customers` ADD `Number` int NOT NULL AUTO_INCREMENT UNIQUE", false },
    };

    [MySqlTheory]
    [MemberData(nameof(Statements))]
    public void Runs_online_exactly_where_the_rules_stay_quiet(string rule, string statement, bool online)
    {
        using var database = MySqlDatabase.Create("smddl");
        using var connection = database.Open();
        Execute(connection, "CREATE TABLE `Customers` (`Id` int NOT NULL PRIMARY KEY, `Points` int NOT NULL) ENGINE=InnoDB;");
        Execute(connection, "CREATE TABLE `Orders` (`Id` int NOT NULL PRIMARY KEY, `CustomerId` int NOT NULL, KEY `IX_Orders_CustomerId` (`CustomerId`)) ENGINE=InnoDB;");
        Execute(connection, "INSERT INTO `Customers` VALUES (1, 5), (2, 6); INSERT INTO `Orders` VALUES (1, 1);");

        var error = Record.Exception(() => Execute(connection, statement + ", ALGORITHM=INPLACE, LOCK=NONE;"));

        Assert.True(online == (error is null), $"{rule}: {error?.Message ?? "ran online"}");
        if (!online)
        {
            // The operation itself is valid: it just needs the blocking way.
            Execute(connection, statement + ";");
        }
    }

    private static void Execute(MySqlConnection connection, string sql)
    {
        using var command = new MySqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
