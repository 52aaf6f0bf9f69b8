using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The reads of <c>Up</c> and <c>Down</c> are kept across compilations, and the generator reads a marked migration without a
/// semantic model, only when the read asked the model nothing (<see cref="ModelQuestions"/>). That holds only while every
/// question a reader puts to a semantic model is counted. Release builds do not check it as the Debug re-read does, so this
/// test reads the analyzer's IL: in the reading namespace, each method that calls the semantic model also counts the question.
/// It checks methods, not paths (a count in one branch covers a question in another); the readers count right before they ask.
/// </summary>
public class ModelQuestionsGuardTests
{
    private const string ReadingNamespace = "SafeMigrations.Analyzers.Reading";

    [Fact]
    public void Every_question_a_reader_puts_to_the_semantic_model_is_counted()
    {
        var calls = MethodsAskingTheModel(typeof(ModelQuestions).Assembly.Location, ReadingNamespace);

        // The two places the readers ask today: the check below would pass vacuously if the scan found nothing.
        Assert.Contains(calls, c => c.Method == "CallReader.ResolveMethod" && c.Asks.Contains(".GetSymbolInfo", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Method == "ValueReader.Read" && c.Asks.Contains(".GetConstantValue", StringComparison.Ordinal));
        Assert.All(calls, c => Assert.True(c.Counts, $"{c.Method} asks the semantic model ({c.Asks}) without ModelQuestions.Note()"));
    }

    [Fact]
    public void The_scan_sees_a_question_that_is_not_counted()
    {
        // The scan itself, on a method of this test assembly that asks the model and counts nothing.
        var calls = MethodsAskingTheModel(typeof(ModelQuestionsGuardTests).Assembly.Location, typeof(UncountedQuestion).FullName!);

        var call = Assert.Single(calls);
        Assert.Equal("UncountedQuestion.Ask", call.Method);
        Assert.False(call.Counts);
    }

    internal static class UncountedQuestion
    {
        public static object? Ask(Microsoft.CodeAnalysis.SemanticModel model, Microsoft.CodeAnalysis.SyntaxNode node) => Microsoft.CodeAnalysis.ModelExtensions.GetDeclaredSymbol(model, node);
    }

    /// <param name="Asks">The semantic model's members it calls, comma-separated.</param>
    private sealed record ModelCall(string Method, string Asks, bool Counts);

    /// <summary>The methods of the types whose full name starts with <paramref name="prefix"/> (nested ones included) that call the semantic model.</summary>
    private static List<ModelCall> MethodsAskingTheModel(string assemblyPath, string prefix)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var metadata = pe.GetMetadataReader();
        var result = new List<ModelCall>();
        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(typeHandle);
            var fullName = FullName(metadata, type);
            if (!fullName.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var asks = new List<string>();
                var counts = false;
                foreach (var called in CalledMembers(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!, metadata))
                {
                    if (called == "ModelQuestions.Note")
                    {
                        counts = true;
                    }
                    else if (called.StartsWith("SemanticModel.", StringComparison.Ordinal) || called.StartsWith("ModelExtensions.", StringComparison.Ordinal)
                             || called.StartsWith("CSharpExtensions.Get", StringComparison.Ordinal))
                    {
                        asks.Add(called);
                    }
                }

                if (asks.Count > 0)
                {
                    result.Add(new ModelCall(ShortName(fullName) + "." + metadata.GetString(method.Name), string.Join(", ", asks), counts));
                }
            }
        }

        return result;
    }

    private static string FullName(MetadataReader metadata, TypeDefinition type)
    {
        var name = metadata.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil ? metadata.GetString(type.Namespace) + "." + name : FullName(metadata, metadata.GetTypeDefinition(declaring)) + "+" + name;
    }

    /// <summary>The type's name without its namespace, and a compiler-generated nested type's (a lambda's) folded into its container.</summary>
    private static string ShortName(string fullName)
    {
        var name = fullName.Substring(fullName.LastIndexOf('.') + 1);
        var generated = name.IndexOf("+<", StringComparison.Ordinal);
        name = generated >= 0 ? name.Substring(0, generated) : name;
        return name.Substring(name.LastIndexOf('+') + 1);
    }

    private static readonly ImmutableDictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToImmutableDictionary(o => o.Value, o => o.OperandType);

    /// <summary>"Type.Member" of every method the IL calls, loads or constructs, in order.</summary>
    private static IEnumerable<string> CalledMembers(byte[] il, MetadataReader metadata)
    {
        for (var at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var operand = Operands[value];
            if (operand == OperandType.InlineMethod)
            {
                yield return MemberName(metadata, MetadataTokens.EntityHandle(BitConverter.ToInt32(il, at)));
            }

            at += operand switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
        }
    }

    private static string MemberName(MetadataReader metadata, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var definition = metadata.GetMethodDefinition((MethodDefinitionHandle)handle);
                return metadata.GetString(metadata.GetTypeDefinition(definition.GetDeclaringType()).Name) + "." + metadata.GetString(definition.Name);
            case HandleKind.MemberReference:
                var reference = metadata.GetMemberReference((MemberReferenceHandle)handle);
                return TypeName(metadata, reference.Parent) + "." + metadata.GetString(reference.Name);
            case HandleKind.MethodSpecification:
                return MemberName(metadata, metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            default:
                return "?";
        }
    }

    private static string TypeName(MetadataReader metadata, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name),
        HandleKind.TypeDefinition => metadata.GetString(metadata.GetTypeDefinition((TypeDefinitionHandle)parent).Name),
        HandleKind.TypeSpecification => "(generic)",
        _ => "?",
    };
}
