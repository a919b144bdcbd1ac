/// HAProxy's "did you mean ... maybe ?" guess: the known word whose letter-transition profile is nearest.
///
/// Each word is reduced to counts of transitions between character classes (each letter, digits,
/// other characters, plus the word's start and end); the distance between two words is the sum of the
/// differences of those counts. A guess farther than twice either word's length is no guess.
enum KeywordSuggestion {
    static func best(for word: String, among candidates: [String]) -> String? {
        let target = profile(word)
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let distance = Self.distance(target, profile(candidate))
            if best == nil || distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best, best.distance <= 2 * word.utf8.count, best.distance <= 2 * best.word.utf8.count else {
            return nil
        }
        return best.word
    }

    private static func profile(_ word: String) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        var previous = 28
        for byte in word.utf8 {
            let lower = byte | 0x20
            let current: Int
            if lower >= 0x61 && lower <= 0x7A {
                current = Int(lower - 0x61)
            } else if byte >= 0x30 && byte <= 0x39 {
                current = 26
            } else {
                current = 27
            }
            counts[previous * 32 + current, default: 0] += 1
            previous = current
        }
        counts[previous * 32 + 29, default: 0] += 1
        return counts
    }

    private static func distance(_ a: [Int: Int], _ b: [Int: Int]) -> Int {
        var total = 0
        for key in Set(a.keys).union(b.keys) { total += abs((a[key] ?? 0) - (b[key] ?? 0)) }
        return total
    }
}
