using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SafeMigrations.Analyzers.Infrastructure;

/// <summary>
/// An immutable array that compares by value, so models holding it can be cached by the
/// incremental generator pipeline and compared in tests.
/// </summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    public static readonly EquatableArray<T> Empty = new(ImmutableArray<T>.Empty);

    private readonly ImmutableArray<T> items;

    public EquatableArray(ImmutableArray<T> items) => this.items = items;

    public ImmutableArray<T> AsImmutableArray() => items.IsDefault ? ImmutableArray<T>.Empty : items;

    public int Count => items.IsDefault ? 0 : items.Length;

    public bool IsEmpty => Count == 0;

    public T this[int index] => items[index];

    public bool Equals(EquatableArray<T> other)
    {
        var left = AsImmutableArray();
        var right = other.AsImmutableArray();
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var item in AsImmutableArray())
        {
            hash = unchecked((hash * 31) + (item is null ? 0 : item.GetHashCode()));
        }

        return hash;
    }

    public ImmutableArray<T>.Enumerator GetEnumerator() => AsImmutableArray().GetEnumerator();

    /// <summary>LINQ's Any without boxing this struct and its enumerator: the rules ask it of every migration's operations.</summary>
    public bool Any(Func<T, bool> predicate)
    {
        foreach (var item in AsImmutableArray())
        {
            if (predicate(item))
            {
                return true;
            }
        }

        return false;
    }

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)AsImmutableArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)AsImmutableArray()).GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}

internal static class EquatableArray
{
    /// <summary>One item, in one array: <c>new[] { item }.ToEquatableArray()</c> made two (the array, then its immutable copy).</summary>
    public static EquatableArray<T> Of<T>(T item) => new(ImmutableArray.Create(item));

    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new(items.ToImmutableArray());

    /// <summary>The builder's items; a builder filled to its capacity hands over its array instead of copying it.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this ImmutableArray<T>.Builder builder) =>
        new(builder.Count == builder.Capacity && builder.Count > 0 ? builder.MoveToImmutable() : builder.ToImmutable());

    public static EquatableArray<T> ToEquatableArray<T>(this ImmutableArray<T> items) => new(items);
}
