namespace EFCore.SafeMigrations;

/// <summary>Settings of <see cref="SafeMigrationsDbContextOptionsBuilderExtensions.UseSafeMigrations(Microsoft.EntityFrameworkCore.DbContextOptionsBuilder, System.Action{SafeMigrationsOptions}?)"/>.</summary>
public sealed class SafeMigrationsOptions
{
    /// <summary>
    /// Apply a contract migration (<see cref="ContractOfAttribute"/>) in the same run as its expand migration,
    /// as EF Core does without this package. Meant for local development and tests, where no old app version
    /// runs. Default <see langword="false"/>: the contract waits for the next run.
    /// </summary>
    public bool ApplyContractsImmediately { get; set; }
}
