namespace SafeMigrations.CodeFixes; internal static class Placeholder { }
