namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// Data every diagnostic carries for the code fixes, so a fix and its rule never disagree on what they saw.
/// </summary>
internal static class FixProperties
{
    /// <summary>The provider detected for the migration (a <see cref="Model.DatabaseProvider"/> name).</summary>
    public const string Provider = "SafeMigrations.Provider";
}
