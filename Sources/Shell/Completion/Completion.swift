/// What pressing Tab does to a command line, as bash does it: insert the completion of the word
/// under the cursor (the whole word and a space when one match is left, `/` after a directory,
/// else the longest common prefix), or list the matches when nothing more can be inserted.
public struct Completion: Sendable, Equatable {
    /// Text to insert at the cursor (already escaped for the word's quoting).
    public var insertion: String
    /// The matches a second Tab lists, as bash lists them (file names without their directory).
    public var listing: [String]

    public init(insertion: String = "", listing: [String] = []) {
        self.insertion = insertion
        self.listing = listing
    }

    /// Nothing matched: the terminal beeps.
    public var isEmpty: Bool { insertion.isEmpty && listing.isEmpty }

    /// One possible word: what it completes to and how a listing shows it.
    struct Candidate: Hashable {
        var word: String
        var display: String
        /// What follows a unique match: a space, or nothing after `dir/` or `--flag=`.
        var terminator: String

        init(_ word: String, display: String? = nil, terminator: String = " ") {
            self.word = word
            self.display = display ?? word
            self.terminator = terminator
        }
    }

    /// Builds the completion of `scan.current` from the candidates that extend it.
    init(scan: CompletionScan, candidates: [Candidate]) {
        var seen = Set<String>()
        let matches = candidates.filter { $0.word.hasPrefix(scan.current) && seen.insert($0.word).inserted }
            .sorted { $0.word < $1.word }
        guard let first = matches.first else {
            self.init()
            return
        }
        if matches.count == 1 {
            var tail = scan.escaped(String(first.word.dropFirst(scan.current.count)))
            if first.terminator == " " {
                if let quote = scan.quote { tail.append(quote) }
            }
            tail += first.terminator
            self.init(insertion: tail, listing: [first.display])
            return
        }
        let common = matches.dropFirst().reduce(first.word) { prefix, candidate in
            String(zip(prefix, candidate.word).prefix { $0 == $1 }.map(\.0))
        }
        let tail = common.count > scan.current.count ? String(common.dropFirst(scan.current.count)) : ""
        self.init(insertion: scan.escaped(tail), listing: matches.map(\.display))
    }
}
