#!/usr/bin/env bash
# Builds every fuzz target and runs each for a bounded time from the committed seeds (fuzz/seeds/) plus
# the local corpus (fuzz/corpus/, git-ignored). Exits non-zero when any target crashes, times out,
# goes over its memory limit, or fails to build.
#
#   bash fuzz/smoke.sh                          # 30 s per target
#   FUZZ_SECONDS=1800 bash fuzz/smoke.sh        # longer
#   FUZZ_TARGETS="encoding modpow_diff" bash fuzz/smoke.sh
#
# Environment: FUZZ_SECONDS (per target, default 30), FUZZ_TARGETS (default: the five targets
# and server_request_state, which is server_request against a server with a state file),
# FUZZ_JOBS (targets run side by side, default 1), FUZZ_SANITIZER (default none: the crate's only
# unsafe code is its x86-64 kernels' register conversions; use "address" to check it and the
# dependencies' unsafe code too).
set -uo pipefail

cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"
targets="${FUZZ_TARGETS:-challenge encoding modpow_diff server_verify server_request server_request_state}"
jobs="${FUZZ_JOBS:-1}"
sanitizer="${FUZZ_SANITIZER:-none}"

# cargo-fuzz needs nightly; fall back to stable with RUSTC_BOOTSTRAP=1 when there is no nightly.
if cargo +nightly --version >/dev/null 2>&1; then
    cargo=(cargo +nightly)
else
    echo "smoke: no nightly toolchain, using stable with RUSTC_BOOTSTRAP=1"
    cargo=(cargo)
    export RUSTC_BOOTSTRAP=1
fi
if ! "${cargo[@]}" fuzz --version >/dev/null 2>&1; then
    echo "smoke: installing cargo-fuzz"
    cargo install cargo-fuzz --locked || { echo "smoke: cannot install cargo-fuzz" >&2; exit 2; }
fi

flags=(-s "$sanitizer" --debug-assertions)

# Per-target libFuzzer options: input size, per-input time and memory limits.
options() {
    case "$1" in
        challenge | server_verify) echo "-max_len=8192 -timeout=10 -malloc_limit_mb=64 -rss_limit_mb=1024" ;;
        encoding) echo "-max_len=4096 -timeout=10 -malloc_limit_mb=64 -rss_limit_mb=1024" ;;
        modpow_diff) echo "-max_len=1024 -timeout=20 -malloc_limit_mb=64 -rss_limit_mb=1024" ;;
        server_request | server_request_state) echo "-max_len=16384 -timeout=30 -malloc_limit_mb=256 -rss_limit_mb=2048" ;;
        *) echo "-timeout=10" ;;
    esac
}

# The fuzz binary a target name runs, and the environment it runs with.
binary() { [ "$1" = server_request_state ] && echo server_request || echo "$1"; }
environment() { [ "$1" = server_request_state ] && echo FUZZ_SERVER_STATE=1 || echo FUZZ_SERVER_STATE=0; }

echo "smoke: building ${targets}"
for b in $(for t in $targets; do binary "$t"; done | sort -u); do
    "${cargo[@]}" fuzz build "${flags[@]}" "$b" || { echo "smoke: build of $b failed" >&2; exit 1; }
done

mkdir -p logs
run() {
    local t="$1" b
    b=$(binary "$t")
    mkdir -p "corpus/$t" "seeds/$b"
    # shellcheck disable=SC2046
    env "$(environment "$t")" "${cargo[@]}" fuzz run "${flags[@]}" "$b" "corpus/$t" "seeds/$b" -- \
        -max_total_time="$seconds" -print_final_stats=1 $(options "$t") >"logs/$t.log" 2>&1
}

failed=()
pids=()
names=()
for t in $targets; do
    echo "smoke: running $t for ${seconds}s (log: fuzz/logs/$t.log)"
    run "$t" &
    pids+=($!)
    names+=("$t")
    if [ "${#pids[@]}" -ge "$jobs" ]; then
        if ! wait "${pids[0]}"; then failed+=("${names[0]}"); fi
        pids=("${pids[@]:1}")
        names=("${names[@]:1}")
    fi
done
for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then failed+=("${names[$i]}"); fi
done

for t in $targets; do
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
    echo "smoke: $t: ${execs:-?} executions"
done
if [ "${#failed[@]}" -ne 0 ]; then
    for t in "${failed[@]}"; do
        echo "smoke: $t FAILED; last lines of fuzz/logs/$t.log:" >&2
        tail -n 40 "logs/$t.log" >&2
    done
    echo "smoke: crashing inputs are in fuzz/artifacts/<target>/" >&2
    exit 1
fi
echo "smoke: all targets passed"
