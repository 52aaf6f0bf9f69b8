using SafeMigrations.Analyzers.Infrastructure;

namespace SafeMigrations.Analyzers.Tests.Robustness;

/// <summary>The migration list is built once per compilation by whichever analysis thread asks first.</summary>
public class BuiltOnceTests
{
    [Fact]
    public async Task Threads_that_ask_while_the_value_is_built_wait_for_that_one_build()
    {
        var builds = 0;
        using var building = new ManualResetEventSlim();
        var once = new BuiltOnce<object>(() =>
        {
            Interlocked.Increment(ref builds);
            building.Set();
            Thread.Sleep(200); // Long enough for every other thread to ask before it is built.
            return new object();
        });

        var first = Task.Run(() => once.Value);
        building.Wait();
        Assert.False(once.IsBuilt);
        var others = Enumerable.Range(0, 6).Select(_ => Task.Run(() => once.Value)).ToArray();
        var values = await Task.WhenAll(others.Append(first));

        Assert.Equal(1, builds);
        Assert.True(once.IsBuilt);
        Assert.All(values, value => Assert.Same(values[0], value));
    }

    [Fact]
    public void A_build_that_failed_is_built_again_by_the_next_caller_not_remembered()
    {
        var calls = 0;
        var once = new BuiltOnce<string>(() => ++calls == 1 ? throw new OperationCanceledException() : "built");

        Assert.Throws<OperationCanceledException>(() => once.Value);
        Assert.False(once.IsBuilt);
        Assert.Equal("built", once.Value);
        Assert.Equal("built", once.Value);
        Assert.Equal(2, calls);
    }
}
