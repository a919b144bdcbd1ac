#!/bin/sh
# `make fuzz`: runs each libFuzzer target for FUZZ_SECONDS from the seed corpus, then prints the
# executions per target. Exits 1 when a target crashed, hung (FUZZ_TIMEOUT s for one input) or
# ran out of memory (FUZZ_RSS_MB), leaving the reproducer and saying how to keep it as a test.
#
#   run-fuzzers.sh BIN_DIR OUT TARGET...
#
# OUT holds seeds/<target>/ and <target>.dict (seed_corpus.py), the growing corpus/<target>/
# (kept between runs), crashes/<target>/ and <target>.log.
set -u
bin=$1 out=$2
shift 2
seconds=${FUZZ_SECONDS:-120} timeout=${FUZZ_TIMEOUT:-10} rss=${FUZZ_RSS_MB:-2048}
status=0 summary=""
for target in "$@"; do
    mkdir -p "$out/corpus/$target" "$out/crashes/$target"
    log="$out/$target.log"
    echo "fuzz-$target: ${seconds} s (log: $log)"
    # Swift's backtracer would take the crash signal from libFuzzer, which then saves no input.
    # LeakSanitizer stays off: the Swift runtime's caches (and the regex parser) never free.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$bin/fuzz-$target" "$out/corpus/$target" "$out/seeds/$target" \
        -dict="$out/$target.dict" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss" \
        -detect_leaks=0 -max_len=16384 -artifact_prefix="$out/crashes/$target/" -print_final_stats=1 > "$log" 2>&1
    code=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    if [ $code -eq 0 ]; then
        result=clean
    else
        status=1
        found=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
        result="FAILED (exit $code)"
        grep -E "^fuzz $target:|^==[0-9]+== ERROR|^SUMMARY" "$log" | head -5
        if [ -n "$found" ]; then
            echo "  reproducer: $found"
            echo "  replay it:  $bin/fuzz-$target $found"
            echo "  keep it:    cp $found Tests/FuzzHarnessTests/Regressions/$target/NAME (a name saying what it was),"
            echo "              fix the cause, then: swift test --disable-xctest --filter FuzzRegressionTests"
        else
            tail -20 "$log"
        fi
    fi
    summary="$summary$(printf '%-14s %12s %10s  %s' "fuzz-$target" "${runs:-?}" "${rate:-?}" "$result")
"
done
echo
printf '%-14s %12s %10s  %s\n' TARGET EXECUTIONS "EXEC/S" RESULT
printf '%s' "$summary"
exit $status
