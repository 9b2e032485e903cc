using BenchmarkDotNet.Running;

// Pick benchmarks on the command line, e.g. `--filter '*'` for all, `--filter '*Json*'` for one class.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
