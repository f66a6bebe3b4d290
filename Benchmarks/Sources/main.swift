// GiamNgheoBenchmarks: release-mode benchmarks of the engine and the generator (BENCHMARKS.md).
//
//   swift build -c release --product GiamNgheoBenchmarks
//   .build/release/GiamNgheoBenchmarks engine   --households 1000000 --seed 42 [--year 2026] [--reps 15] [--standard ID]
//   .build/release/GiamNgheoBenchmarks generate --households 1000000 [--seed 42] [--year 2026] [--reps 3] [--dir PATH]
//
// No ArgumentParser here: argv is parsed by hand (Arguments.swift).

import Foundation

let exitCode = BenchmarkMain.run(Array(CommandLine.arguments.dropFirst()))
exit(exitCode)
