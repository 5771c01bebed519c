using BenchmarkDotNet.Running;

namespace Deid.Benchmarks
{
    /// <summary>
    /// Entry point. With a command, one end-to-end measurement run as its own process (bench/EndToEnd.ps1 times it and reads its
    /// peak RSS); without, BenchmarkDotNet's switcher (run with --filter '*').
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && EndToEnd.TryRun(args, out int code)) return code;
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
