using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// Two tables with foreign keys onto each other (a department's manager is an employee, an employee's department a
/// department). Dropped together, EF breaks the cycle: Up drops one key first, and Down re-creates that table without it
/// and adds the key once both tables exist.
/// </summary>
public static class MutualKeyModels
{
    public sealed class Department
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int OfficeId { get; set; }

        public Office? Office { get; set; }

        public int? ManagerId { get; set; }

        public Employee? Manager { get; set; }

        public List<Employee> Staff { get; set; } = [];
    }

    public sealed class Employee
    {
        public int Id { get; set; }

        public int DepartmentId { get; set; }

        public Department? Department { get; set; }
    }

    public sealed class Office
    {
        public int Id { get; set; }

        public string City { get; set; } = "";
    }

    /// <summary>An employee's badge: a table that depends on one of the cycle's.</summary>
    public sealed class Badge
    {
        public int Id { get; set; }

        public int EmployeeId { get; set; }

        public Employee? Employee { get; set; }
    }

    public static void Model(ModelBuilder model)
    {
        model.Entity<Office>();
        model.Entity<Badge>();
        model.Entity<Department>(b => b.HasOne(d => d.Manager).WithMany().HasForeignKey(d => d.ManagerId));
        model.Entity<Employee>(b => b.HasOne(e => e.Department).WithMany(d => d.Staff).HasForeignKey(e => e.DepartmentId));
    }
}
