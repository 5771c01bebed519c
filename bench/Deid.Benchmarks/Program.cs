using BenchmarkDotNet.Running;

namespace Deid.Benchmarks
{
    /// <summary>Entry point: BenchmarkDotNet's switcher (run with --filter '*').</summary>
    public static class Program
    {
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
