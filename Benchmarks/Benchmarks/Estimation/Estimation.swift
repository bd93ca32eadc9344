import Benchmark
import TFPKit

/// A provincial panel: 63 regions × 20 years, two fixed effects (region, year),
/// two regressors — the size planning departments estimate every day.
/// Goal (issue 3): under 1 ms in-process.
func smallPanel() -> DataFrame {
    var rng = SplitMix64(seed: 63)
    var region: [Int32] = [], year: [Int32] = [], lk: [Double] = [], ll: [Double] = [], ly: [Double] = []
    for r in 0..<63 {
        let a = rng.nextGaussian()
        for t in 0..<20 {
            region.append(Int32(r)); year.append(Int32(t))
            let k = 3 + a + rng.nextGaussian(), l = 1 + 0.5 * a + rng.nextGaussian()
            lk.append(k); ll.append(l)
            ly.append(0.35 * k + 0.6 * l + a + 0.02 * Double(t) + 0.1 * rng.nextGaussian())
        }
    }
    return DataFrame(rowCount: ly.count, numbers: ["ly": ly, "lk": lk, "ll": ll], categories: [
        "region": .init(codes: region, levels: (0..<63).map { "r\($0)" }),
        "year": .init(codes: year, levels: (0..<20).map { "y\($0)" }),
    ])
}

let benchmarks: @Sendable () -> Void = {
    let data = smallPanel()
    let formula = try! Formula("ly ~ lk + ll | region + year")
    Benchmark("63 regions × 20 years, 2 FE, clustered by region",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(3))) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! LinearModel.fit(formula, data: data, options: EstimationOptions(covariance: .clustered(["region"]))))
        }
    }
    Benchmark("63 regions × 20 years, 2 FE, iid",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(3))) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! LinearModel.fit(formula, data: data))
        }
    }
}
