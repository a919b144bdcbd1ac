import Catalog
import ClusterSim
import Foundation
import Grading
import Progress
import Shell

/// A drill attempt's state after one of its stored lines: what a resume decodes instead of replaying
/// the lines up to it (DESIGN §5). The command log stays the record; this is a cache of replaying it.
struct DrillSnapshot: Codable {
    /// Names the shape and meaning of the saved state. A snapshot of another format, or one that does
    /// not decode, is ignored and the whole log is replayed; bump this when a simulation type keeps its
    /// shape but changes what a field means.
    static let format = "kubedojo-drill-state/1"

    /// The sequence number of the last stored line applied.
    var sequence: Int
    var cluster: Cluster
    var shell: ShellState
    var attemptMilliseconds: Int64
    var hintsShown: Int
    var revealed: Bool
    var confirming: String?
    var topologyShown: Bool
    var eventsShown: Bool
    var eventsAtStart: Int
    var checkRounds: Int
    var lastReport: GradeReport?
    var chosenRating: Rating?
}

extension DrillSession {
    /// Rebuilds an interrupted attempt: its newest snapshot, then the stored lines after it replayed on
    /// that state, thinking time included. Without a usable snapshot every line is replayed on a fresh
    /// cluster from the same seed: the simulation is deterministic, so either way the state is the one left.
    public static func resume(
        _ attempt: AttemptRecord, scenario: Scenario, spec: ClusterSpec, store: Store, console: Console
    ) throws(TrainerError) -> DrillSession {
        let session = DrillSession(
            scenario: scenario, spec: spec, seed: attempt.seed, store: store, console: console, attemptID: attempt.id)
        do {
            let restored = try store.snapshot(attempt: attempt.id).map { session.restore($0) } ?? false
            let log = try store.commands(attempt: attempt.id, after: restored ? session.sequence : Int.min)
            try store.markResumed(attempt.id)
            session.replay(log)
            // Stored lines are numbered from 1 without gaps: the snapshot stands for the ones up to it.
            if restored { session.replayed = session.sequence }
        } catch {
            throw TrainerError("kubedojo: \(error)")
        }
        return session
    }

    /// Applies stored lines without storing anything again; returns how many ran on another host
    /// than the one logged (the content changed since, so the replay may differ from the original).
    @discardableResult
    func replay(_ log: [CommandRecord]) -> Int {
        var divergent = 0
        for record in log {
            if record.host != shell.host { divergent += 1 }
            _ = apply(record.line, elapsedMilliseconds: max(0, record.wallMilliseconds), replaying: true)
            sequence = max(sequence, record.seq)
        }
        replayed = log.count
        replayDivergence = divergent
        return divergent
    }

    /// After a stored line ran: once the lines since the last snapshot took `snapshotBudget` to run (what
    /// a resume would spend replaying them), the state is saved. A snapshot that cannot be saved (a full
    /// disk) costs nothing but a longer resume, so its failure is not reported.
    func saveSnapshotIfDue(runTime: Duration) {
        unsnapshottedRunTime += runTime
        guard let budget = snapshotBudget, unsnapshottedRunTime >= budget else { return }
        saveSnapshot()
    }

    /// Saves the state after the last stored line (also when the learner leaves an attempt open).
    public func saveSnapshot() {
        guard unsnapshottedRunTime > .zero || snapshotBudget == .zero else { return }
        unsnapshottedRunTime = .zero
        let snapshot = DrillSnapshot(
            sequence: sequence, cluster: cluster, shell: shell, attemptMilliseconds: attemptMilliseconds,
            hintsShown: hintsShown, revealed: revealed, confirming: confirming, topologyShown: topologyShown,
            eventsShown: eventsShown, eventsAtStart: eventsAtStart, checkRounds: checkRounds, lastReport: lastReport,
            chosenRating: chosenRating)
        guard let state = try? JSONEncoder().encode(snapshot) else { return }
        try? store.saveSnapshot(
            attempt: attemptID, AttemptSnapshot(seq: sequence, format: DrillSnapshot.format, state: state))
    }

    /// Takes over a stored snapshot; false (and nothing changed) when it is of another format, does not
    /// decode, or is not of this attempt's cluster.
    func restore(_ stored: AttemptSnapshot) -> Bool {
        guard stored.format == DrillSnapshot.format,
            let snapshot = try? JSONDecoder().decode(DrillSnapshot.self, from: stored.state),
            snapshot.sequence == stored.seq, snapshot.cluster.spec == spec, snapshot.cluster.seed == seed,
            !snapshot.shell.frames.isEmpty
        else { return false }
        sequence = snapshot.sequence
        cluster = snapshot.cluster
        shell = snapshot.shell
        attemptMilliseconds = snapshot.attemptMilliseconds
        hintsShown = snapshot.hintsShown
        revealed = snapshot.revealed
        confirming = snapshot.confirming
        topologyShown = snapshot.topologyShown
        eventsShown = snapshot.eventsShown
        eventsAtStart = snapshot.eventsAtStart
        checkRounds = snapshot.checkRounds
        lastReport = snapshot.lastReport
        chosenRating = snapshot.chosenRating
        return true
    }

    /// What the learner reads above the prompt of a resumed attempt.
    public var resumeBanner: String {
        var text = "Resumed attempt \(attemptID): replayed \(replayed) stored line\(replayed == 1 ? "" : "s")"
        text += " on seed \(seed); the cluster is as you left it.\n"
        if replayDivergence > 0 {
            text +=
                "kubedojo: \(replayDivergence) line\(replayDivergence == 1 ? "" : "s") ran on a different host than when typed; "
                + "the drill's content changed since, so the cluster may differ.\n"
        }
        return text
    }
}
