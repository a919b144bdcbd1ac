import Benchmark
import Workloads

/// Scheduling 100 000 cards: one FSRS review each, over cards in every state (new, learning,
/// review and relearning), as rescheduling a large collection does.
func registerFSRSBenchmarks() {
    Benchmark(
        "fsrs.schedule-100000",
        configuration: .init(maxDuration: .seconds(3), maxIterations: 50)
    ) { (benchmark: Benchmark, deck: Deck) in
        for _ in benchmark.scaledIterations {
            blackHole(deck.scheduleAll())
        }
    } setup: {
        try Deck(count: 100_000)
    }
}
