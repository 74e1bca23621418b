import CaptureFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Called by libFuzzer once per input.
///
/// The libFuzzer entry point for `CaptureFormat`: each input goes through every check of ``FuzzChecks``.
///
/// Built with `-sanitize=fuzzer,address -parse-as-library -D FUZZING` (see the README's "Fuzzing" section),
/// libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput`. Built plainly (as `swift build` does), it is a
/// replayer: `CaptureFormatFuzzer FILE...` runs each file through the same checks, without sanitizers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzChecks.run(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

#if FUZZING
    /// libFuzzer's driver (`-sanitize=fuzzer` links it): parses libFuzzer's options and runs the fuzzing loop.
    @_silgen_name("LLVMFuzzerRunDriver")
    private func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
    ) -> CInt

    /// The executable's entry point: SwiftPM links `main` to `<module>_main`, so this hands over to libFuzzer.
    @_cdecl("CaptureFormatFuzzer_main")
    public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var argc = argc
        var argv = argv
        return runFuzzerDriver(&argc, &argv, fuzzTestOneInput)
    }
#else
    /// Without libFuzzer: runs the files named on the command line through the checks.
    @main
    enum FuzzReplay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let bytes = contents(of: path) else {
                    print("\(path): cannot be read")
                    exit(2)
                }
                bytes.withUnsafeBytes { FuzzChecks.run($0) }
                print("\(path): ok")
            }
        }

        private static func contents(of path: String) -> [UInt8]? {
            guard let file = fopen(path, "rb") else { return nil }
            defer { fclose(file) }
            var bytes: [UInt8] = []
            var block = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = fread(&block, 1, block.count, file)
                if count <= 0 { return ferror(file) == 0 ? bytes : nil }
                bytes += block[..<count]
            }
        }
    }
#endif
