using SafeMigrations.Analyzers.Infrastructure;

namespace SafeMigrations.Analyzers.Tests.Robustness;

/// <summary>The migration list is built once per compilation by whichever analysis thread asks first.</summary>
public class BuiltOnceTests
{
    [Fact]
    public async Task Threads_that_ask_while_the_value_is_built_wait_for_that_one_build()
    {
        var builds = 0;
        var asking = 0;
        using var building = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var once = new BuiltOnce<object>(() =>
        {
            Interlocked.Increment(ref builds);
            building.Set();
            release.Wait(); // Held until the test has seen it unbuilt and every other thread has asked.
            return new object();
        });

        // Threads of their own: blocked pool threads would wait for the pool to add more, about a second each.
        var first = Task.Factory.StartNew(() => once.Value, TaskCreationOptions.LongRunning);
        building.Wait();
        Assert.False(once.IsBuilt);
        var others = Enumerable.Range(0, 6).Select(_ => Task.Factory.StartNew(
            () =>
            {
                Interlocked.Increment(ref asking);
                return once.Value;
            },
            TaskCreationOptions.LongRunning)).ToArray();
        SpinWait.SpinUntil(() => Volatile.Read(ref asking) == others.Length);
        Thread.Sleep(50); // Lets the askers reach the wait; the result below holds however far they got.
        Assert.False(once.IsBuilt);
        release.Set();
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
