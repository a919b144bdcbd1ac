import CFuzzerDriver
import FuzzHarness
import Glibc

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzTarget.regex.fuzz(data, size) }

// SwiftPM renames this file's entry point to main; libFuzzer's own main is then not linked.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
