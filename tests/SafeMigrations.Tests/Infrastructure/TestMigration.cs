using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SafeMigrations.Tests.Infrastructure;

/// <summary>
/// A hand-written migration as EF Core scaffolds them, for SQLite and PostgreSQL: store types per provider, and a
/// target model (what the Designer file holds), which SQLite needs for its table rebuilds.
/// </summary>
public abstract class TestMigration : Migration
{
    protected bool Lite => ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    protected string Int => Lite ? "INTEGER" : "integer";

    protected string Long => Lite ? "INTEGER" : "bigint";

    protected string Text => Lite ? "TEXT" : "text";

    protected abstract void Target(ModelBuilder modelBuilder);

    protected override void BuildTargetModel(ModelBuilder modelBuilder) => Target(modelBuilder);

    /// <summary>An identity key column for CreateTable.</summary>
    protected OperationBuilder<Microsoft.EntityFrameworkCore.Migrations.Operations.AddColumnOperation> Key(ColumnsBuilder t)
        => t.Column<int>(type: Int, nullable: false)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
            .Annotation("Sqlite:Autoincrement", true);

    /// <summary>A target-model entity: an identity "Id" plus the given columns.</summary>
    protected void Entity(ModelBuilder modelBuilder, string table, Action<EntityTypeBuilder>? more, params (string Name, Type Clr, bool Nullable)[] columns)
        => modelBuilder.Entity(table, b =>
        {
            b.Property<int>("Id").ValueGeneratedOnAdd().HasColumnType(Int)
                .HasAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                .HasAnnotation("Sqlite:Autoincrement", true);
            foreach (var (name, clr, nullable) in columns)
            {
                var type = clr == typeof(string) ? Text : clr == typeof(long) ? Long : Int;
                b.Property(nullable && clr.IsValueType ? typeof(Nullable<>).MakeGenericType(clr) : clr, name)
                    .HasColumnType(type)
                    .IsRequired(!nullable);
            }

            b.HasKey("Id");
            b.ToTable(table);
            more?.Invoke(b);
        });
}
