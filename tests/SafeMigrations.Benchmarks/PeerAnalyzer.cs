using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// Another migration analyzer, loaded from its assembly (<c>--peer path/To/Analyzers.dll</c>), measured in the same process
/// and rounds as ours by the same telemetry: the issue asks for no worse than the fastest peer on the same input. No
/// peer's code is in this repository; the README says which build of which peer the figures came from.
/// </summary>
internal sealed class PeerAnalyzer
{
    private PeerAnalyzer(string path, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        Path = path;
        Analyzers = analyzers;
    }

    public string Path { get; }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public List<double> Telemetry { get; } = [];

    /// <summary>The peer's callbacks' thread CPU time in each round (<see cref="CpuTimedAnalyzer"/>), null once a callback kind it does not forward was registered.</summary>
    public List<double>? ThreadCpu { get; private set; } = [];

    public int Diagnostics { get; private set; }

    public int Exceptions { get; private set; }

    public static PeerAnalyzer Load(string path) =>
        new(path, new AnalyzerFileReference(System.IO.Path.GetFullPath(path), new Loader()).GetAnalyzers(LanguageNames.CSharp));

    /// <summary>The peer alone over a fresh compilation: its callbacks' time from Roslyn's telemetry, as ours is measured.</summary>
    public async Task MeasureAsync(IReadOnlyList<(string Path, string Source)> files)
    {
        var exceptions = 0;
        var (seconds, result) = await ProjectCompiler.CallbackTelemetryAsync(files, Analyzers, (_, _, _) => Interlocked.Increment(ref exceptions));
        Telemetry.Add(seconds);
        Diagnostics = result.GetAllDiagnostics().Length;
        Exceptions = exceptions;

        if (ThreadCpu is not null)
        {
            try
            {
                ThreadCpu.Add((await ProjectCompiler.CallbackCpuAsync(files, Analyzers)).Seconds);
            }
            catch (NotSupportedException)
            {
                ThreadCpu = null;
            }
        }
    }

    /// <summary>Loads the peer and the assemblies beside it (its own core library, say) from its folder.</summary>
    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
