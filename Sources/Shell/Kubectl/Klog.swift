import ClusterSim

/// klog's line header, as kubectl's warnings and errors carry it:
/// `E1124 20:48:46.289263   16733 memcache.go:265] `.
enum Klog {
    static func line(_ severity: Character, at time: SimTime, pid: Int, source: String, _ message: String) -> String {
        let civil = time.civil
        func pad(_ value: Int, _ width: Int = 2) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let pidText = String(pid)
        let date = "\(pad(civil.month))\(pad(civil.day))"
        let clock = "\(pad(civil.hour)):\(pad(civil.minute)):\(pad(civil.second)).\(pad(civil.millisecond * 1000, 6))"
        return
            "\(severity)\(date) \(clock) \(String(repeating: " ", count: max(0, 7 - pidText.count)))\(pidText) \(source)] \(message)\n"
    }

    /// A value as klog's structured logging quotes it (`err="..."`).
    static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }
}
