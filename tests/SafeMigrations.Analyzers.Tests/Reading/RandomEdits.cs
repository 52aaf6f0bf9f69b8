namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// Random edits of statements EF wrote, for the tests that read a statement by its text and by its syntax and compare: a
/// character or a piece of C# inserted, one to three characters removed, or both at one place. The same seed gives the same edits.
/// </summary>
internal static class RandomEdits
{
    /// <summary>Single characters that end or change a token (quotes, escapes, brackets, operators, letters outside ASCII).</summary>
    public static readonly string[] Characters = "\"\\/ .,;()<>?!@$_0123456789aAzZ\r\n\tßÜ{}[]-=:'".Select(c => c.ToString()).ToArray();

    public static IEnumerable<string> Of(IReadOnlyList<string> statements, IReadOnlyList<string> pieces, int seed, int count)
    {
        var random = new Random(seed);
        for (var edit = 0; edit < count; edit++)
        {
            var statement = statements[random.Next(statements.Count)];
            var at = random.Next(statement.Length);
            var piece = pieces[random.Next(pieces.Count)];
            var removed = Math.Min(random.Next(1, 4), statement.Length - at);
            yield return random.Next(3) switch
            {
                0 => statement.Insert(at, piece),
                1 => statement.Remove(at, removed),
                _ => statement.Remove(at, removed).Insert(at, piece),
            };
        }
    }
}
