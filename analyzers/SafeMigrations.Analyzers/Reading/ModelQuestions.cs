using System;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// Counts, on this thread, the questions the readers put to a semantic model or would have put to one they were not given
/// (a positional argument's parameter, a receiver's type, a named constant). A read that asked none gives the same result
/// with or without a model: the rollback generator reads a marked migration without one, keeps that read across edits
/// (it depends on the migration's syntax alone), and binds only a migration whose read did ask.
/// </summary>
internal static class ModelQuestions
{
    [ThreadStatic]
    private static int asked;

    public static int Count => asked;

    public static void Note() => asked++;
}
