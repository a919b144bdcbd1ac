/// A small, fast, seedable random number generator (SplitMix64) whose state is a plain value.
///
/// Every random choice in the simulation comes from one of these, stored in the cluster state,
/// so that the same seed and the same inputs always give the same outputs.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable, Codable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one subsystem, derived from a root seed and a stable label, so that adding
    /// draws in one subsystem does not shift the numbers another one sees.
    public init(seed: UInt64, label: String) {
        state = seed ^ Self.fnv1a(label)
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly chosen integer in `range`, drawn without relying on the standard library's
    /// unspecified algorithm (which could change between Swift versions and break replays).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        if width == 0 { return Int(truncatingIfNeeded: next()) }
        return range.lowerBound + Int(next() % width)
    }

    /// FNV-1a over UTF-8: a hash that, unlike `Hasher`, is the same in every process.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
