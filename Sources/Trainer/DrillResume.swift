import Catalog
import ClusterSim
import Progress

extension DrillSession {
    /// Rebuilds an interrupted attempt by replaying its stored lines on a fresh cluster from the same
    /// seed, thinking time included: the simulation is deterministic, so the state is the one left.
    public static func resume(
        _ attempt: AttemptRecord, scenario: Scenario, spec: ClusterSpec, store: Store, console: Console
    ) throws(TrainerError) -> DrillSession {
        let session = DrillSession(
            scenario: scenario, spec: spec, seed: attempt.seed, store: store, console: console, attemptID: attempt.id)
        do {
            let log = try store.commands(attempt: attempt.id)
            try store.markResumed(attempt.id)
            session.replay(log)
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
