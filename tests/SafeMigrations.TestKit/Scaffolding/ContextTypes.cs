using System.Reflection;
using System.Reflection.Emit;
using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.TestKit.Scaffolding;

/// <summary>
/// EF's code generator takes the context as a <see cref="Type"/> and writes its name and namespace into
/// <c>[DbContext(typeof(...))]</c> and the usings. To let tests choose that name, emit an empty
/// <c>DbContext</c> subclass with the requested full name (the model itself is built by
/// <see cref="DelegateModelContext"/>).
/// </summary>
internal static class ContextTypes
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal);
    private static readonly object Gate = new();
    private static ModuleBuilder? module;

    public static Type Get(string fullName)
    {
        lock (Gate)
        {
            if (Types.TryGetValue(fullName, out var type))
            {
                return type;
            }

            module ??= AssemblyBuilder
                .DefineDynamicAssembly(new AssemblyName("SafeMigrations.TestKit.ScaffoldedContexts"), AssemblyBuilderAccess.Run)
                .DefineDynamicModule("SafeMigrations.TestKit.ScaffoldedContexts");

            var builder = module.DefineType(fullName, TypeAttributes.Public | TypeAttributes.Class, typeof(DbContext));
            builder.DefineDefaultConstructor(MethodAttributes.Public);
            type = builder.CreateType();
            Types.Add(fullName, type);
            return type;
        }
    }
}
