import ClusterSim
import Testing

@testable import Shell

@Suite struct JSONPathTests {
    static let list = ObjectValue.object([
        (
            "items",
            .array([
                .object([
                    ("metadata", .object([("name", .string("a"))])),
                    (
                        "status",
                        .object([
                            (
                                "addresses",
                                .array([
                                    .object([("address", .string("10.0.0.1")), ("type", .string("InternalIP"))]),
                                    .object([("address", .string("a")), ("type", .string("Hostname"))]),
                                ])
                            )
                        ])
                    ),
                ]),
                .object([("metadata", .object([("name", .string("b")), ("labels", .object([("x", .string("1"))]))]))]),
            ])
        )
    ])

    @Test(arguments: [
        ("{.items[*].metadata.name}", "a b"),
        ("{.items[0].status.addresses[?(@.type==\"InternalIP\")].address}", "10.0.0.1"),
        ("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", "a\nb\n"),
        ("{.items[1].metadata.labels}", "{\"x\":\"1\"}"),
        ("{.items[-1:].metadata.name}", "b"),
        ("{..name}", "a b"),
        ("name: {.items[0].metadata.name}!", "name: a!"),
        ("{.items[0].missing}", ""),
    ])
    func evaluates(template: String, expected: String) throws {
        let path = try JSONPath.parse(template).get()
        #expect(path.execute(Self.list) == expected)
    }

    @Test(arguments: [("{.items[0}", "unclosed array expect ]"), ("{.items", "unclosed action")])
    func refusesBadTemplates(template: String, message: String) {
        guard case .failure(let error) = JSONPath.parse(template) else {
            Issue.record("parsed \(template)")
            return
        }
        #expect(error.text == message)
    }
}

@Suite struct LabelSelectorTests {
    static let labels = [("component", "etcd"), ("tier", "control-plane")]

    @Test(arguments: [
        ("component=etcd", true), ("component==etcd", true), ("component!=etcd", false), ("tier", true), ("!tier", false),
        ("component in (etcd,kube-apiserver)", true), ("component notin (etcd)", false), ("missing!=x", true),
        ("tier=control-plane,component=kube-scheduler", false), ("!missing", true),
    ])
    func matches(selector: String, expected: Bool) throws {
        #expect(try LabelSelector.parse(selector).get().matches(Self.labels) == expected)
    }
}

@Suite struct GoTabWriterTests {
    @Test func alignsBlocksSeparatedByLinesWithoutTabs() {
        let text = "Name:\tx\nCreationTimestamp:\ty\nLease:\n  HolderIdentity:\tz\n"
        #expect(GoTabWriter.format(text) == "Name:               x\nCreationTimestamp:  y\nLease:\n  HolderIdentity:  z\n")
    }

    @Test func tablesPadToKubectlsMinimumWidth() {
        #expect(KubectlTable.render([["A", "B"], ["1", "2"]]) == "A     B\n1     2\n")
    }
}

@Suite struct JSONTextTests {
    @Test func keepsOrderAndScalarKinds() {
        let parsed = JSONText.parse("{\"b\":\"80\",\"a\":[1,true,null,\"x\\ny\"]}")
        #expect(parsed?.compactJSON == "{\"b\":\"80\",\"a\":[1,true,null,\"x\\ny\"]}")
        #expect(JSONText.parse("{\"a\":") == nil)
    }
}
