#!/bin/sh
# tests/fuzz/run.sh SECONDS FUZZER... — run each libFuzzer target for SECONDS
# on a fresh copy of its checked-in corpus; fail if any target finds a crash.
# New crash inputs are left in build-fuzz/crash-* to be added to the corpus.
# FUZZ_JOBS (default 1) targets run at once, each on its own core; each
# target's log is build-fuzz/<target>.log and its result is printed when
# it ends.
#
# FUZZ_SEED (default 1) fixes libFuzzer's random seed, so a run repeats the
# same inputs in the same order: CI (make check) is reproducible, and a
# finding there is found again by the same command.  FUZZ_SEED=0 lets
# libFuzzer pick a seed: use it, with long runs, to explore; add what it
# finds to the corpus.
#
# (Internally, `run.sh --one SECONDS FUZZER` runs one target and leaves
# "pass" or "fail" in build-fuzz/<target>.result.)
set -u
if [ "${1:-}" = --one ]; then
    secs=$2
    f=$3
    name=$(basename "$f")
    work=build-fuzz/corpus-$name
    rm -rf "$work" "build-fuzz/$name.result"
    mkdir -p "$work"
    [ -d "tests/fuzz/corpus/$name" ] && cp -r "tests/fuzz/corpus/$name/." "$work/" 2>/dev/null
    dict=""
    [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
    if "$f" -seed="${FUZZ_SEED:-1}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix=build-fuzz/ $dict "$work" > "build-fuzz/$name.log" 2>&1; then
        echo "== $name (${secs}s): $(tail -1 "build-fuzz/$name.log")"
        echo pass > "build-fuzz/$name.result"
    else
        echo "FAILED: $name found a crash (build-fuzz/$name.log):"
        grep -E "ERROR|SUMMARY|Assertion|runtime error" "build-fuzz/$name.log" | head -10
        echo fail > "build-fuzz/$name.result"
    fi
    exit 0
fi
secs=$1
shift
for f in "$@"; do
    rm -f "build-fuzz/$(basename "$f").result"
done
printf '%s\n' "$@" | xargs -n 1 -P "${FUZZ_JOBS:-1}" sh "$0" --one "$secs"
passed=0
failed=0
for f in "$@"; do
    r=$(cat "build-fuzz/$(basename "$f").result" 2>/dev/null)
    if [ "$r" = pass ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)) # a crash, or the target did not run to its end
        [ -n "$r" ] || echo "FAILED: $(basename "$f") left no result"
    fi
done
echo "$passed $failed" > build-fuzz/test-summary
[ "$failed" -eq 0 ]
