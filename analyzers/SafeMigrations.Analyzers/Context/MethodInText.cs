using System;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// A method of a file, named by the file's text, for what is kept across compilations: the compiler server (every
/// <c>dotnet build</c> after the first) parses each file again for each build, so nothing kept per tree survives a build,
/// while a text that did not change gives the same syntax.
/// </summary>
/// <remarks>
/// The key is the text's checksum (csc computes it from the file's bytes when it reads the file, for the PDB; a text made in the
/// IDE computes it once) with the parse options, which decide the tree (an <c>#if</c>), and where the method starts. Only texts
/// whose checksum is of a lossless encoding are keys: an edited text in a code page re-encodes for its checksum, and two texts
/// differing in a character that code page cannot write would share one. (A text in the IDE with a lone surrogate is written
/// with U+FFFD in its place by the lenient UTF-8, and would share a checksum with one holding U+FFFD there; a text the compiler
/// read has the checksum of its file's bytes.)
/// </remarks>
internal sealed class MethodInText : IEquatable<MethodInText>
{
    private readonly ImmutableArray<byte> checksum;
    private readonly SourceHashAlgorithm algorithm;
    private readonly int length;
    private readonly int methodStart;
    private readonly ParseOptions options;
    private readonly string? path;
    private readonly int variant;
    private readonly int hash;

    private MethodInText(ImmutableArray<byte> checksum, SourceHashAlgorithm algorithm, int length, int methodStart, ParseOptions options, string? path, int variant)
    {
        this.checksum = checksum;
        this.algorithm = algorithm;
        this.length = length;
        this.methodStart = methodStart;
        this.options = options;
        this.path = path;
        this.variant = variant;

        // The checksum is a cryptographic hash: its first bytes are as good a hash code as any.
        hash = (checksum[0] | checksum[1] << 8 | checksum[2] << 16 | checksum[3] << 24) ^ methodStart ^ (variant << 28);
    }

    /// <summary>The key of <paramref name="method"/>, or null when its text cannot be one.</summary>
    /// <param name="withPath">Whether the file's path is part of the key: for a value that holds the path (a read's spans).</param>
    /// <param name="variant">Tells apart values kept for the same method that differ in what was asked of it.</param>
    public static MethodInText? Of(MethodDeclarationSyntax method, bool withPath, int variant = 0)
    {
        var tree = method.SyntaxTree;
        if (!tree.TryGetText(out var text) || !IsLossless(text.Encoding))
        {
            return null;
        }

        ImmutableArray<byte> checksum;
        try
        {
            checksum = text.GetChecksum();
        }
        catch (EncoderFallbackException)
        {
            // A text made in the IDE computes its checksum by encoding itself: with the strict UTF-8 the compiler reads files
            // with, a lone surrogate typed into it cannot be encoded. Such a text keeps nothing.
            return null;
        }

        return checksum.IsDefault || checksum.Length < 4
            ? null
            : new MethodInText(checksum, text.ChecksumAlgorithm, text.Length, method.SpanStart, tree.Options, withPath ? tree.FilePath ?? string.Empty : null, variant);
    }

    /// <summary>No encoding (the checksum is then of UTF-8), or one that writes every character.</summary>
    private static bool IsLossless(Encoding? encoding) => encoding is null or UTF8Encoding or UnicodeEncoding or UTF32Encoding;

    public bool Equals(MethodInText? other) =>
        other is not null && hash == other.hash && length == other.length && methodStart == other.methodStart && variant == other.variant
        && algorithm == other.algorithm && string.Equals(path, other.path, StringComparison.Ordinal)
        && checksum.AsSpan().SequenceEqual(other.checksum.AsSpan()) && options.Equals(other.options);

    public override bool Equals(object? obj) => Equals(obj as MethodInText);

    public override int GetHashCode() => hash;
}
