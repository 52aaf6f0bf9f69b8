namespace SafeMigrations.TestKit; internal static class Placeholder { }
