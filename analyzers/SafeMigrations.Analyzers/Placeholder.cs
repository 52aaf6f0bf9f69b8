namespace SafeMigrations.Analyzers; internal static class Placeholder { }
