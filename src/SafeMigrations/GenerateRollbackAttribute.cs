using System;

namespace EFCore.SafeMigrations;

/// <summary>
/// Asks the SafeMigrations source generator to write this migration's <c>Down</c> from its <c>Up</c>:
/// the inverse of each operation, in reverse order. The migration class must be <c>partial</c> and must
/// not declare <c>Down</c> itself. When an operation cannot be inverted, nothing is generated and
/// diagnostic SM3003 explains why.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GenerateRollbackAttribute : Attribute
{
}
