#!/usr/bin/env bash
# The core's own tests (unit tests, the vectors, the client <-> server round trips) on other targets,
# run under qemu-user:
#   aarch64-unknown-linux-gnu: 64-bit limbs, the portable kernel's 128-bit products in hardware;
#   i686-unknown-linux-gnu:    32-bit crypto-bigint limbs; the portable kernel's 128-bit products built from
#                              32-bit multiplies (the script prints how the compiler emitted them).
#   bash scripts/cross_test.sh [TARGET...]    # both by default
# Installs (Debian) qemu-user and each target's cross gcc and libc, and the Rust targets, when missing.
# Builds in target/cross, which it removes afterwards. COGNITO_SRP_VECTORS is passed through.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(aarch64-unknown-linux-gnu i686-unknown-linux-gnu)

apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 ||
        { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}

for target in "${targets[@]}"; do
    case "$target" in
    aarch64-unknown-linux-gnu)
        gnu=aarch64-linux-gnu qemu=qemu-aarch64 debian=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross) ;;
    i686-unknown-linux-gnu)
        gnu=i686-linux-gnu qemu=qemu-i386 debian=(gcc-i686-linux-gnu libc6-dev-i386-cross) ;;
    *)
        echo "cross_test: no recipe for $target" >&2
        exit 2
        ;;
    esac
    if ! command -v "$gnu-gcc" >/dev/null || ! command -v "$qemu" >/dev/null; then
        apt_install qemu-user "${debian[@]}"
    fi
    rustup target list --installed | grep -qx "$target" || rustup target add "$target"

    var=$(echo "$target" | tr 'a-z-' 'A-Z_')
    export "CARGO_TARGET_${var}_LINKER=$gnu-gcc"
    export "CARGO_TARGET_${var}_RUNNER=$qemu -L /usr/$gnu"
    echo "cross_test: $target under $qemu"
    log=target/cross-$target.log
    mkdir -p target
    # Under emulation the 32-bit debug build is the slowest run of CI: i686 checks the repository's
    # vectors only; aarch64 also the shared reference (COGNITO_SRP_VECTORS).
    vectors_env=()
    [ "$target" = i686-unknown-linux-gnu ] && vectors_env=(-u COGNITO_SRP_VECTORS)
    if ! env "${vectors_env[@]}" CARGO_TARGET_DIR=target/cross cargo test -p cognito-srp-core --locked --target "$target" \
        --lib --test vectors --test roundtrip -- --nocapture >"$log" 2>&1; then
        tail -60 "$log" >&2
        echo "cross_test: $target failed" >&2
        exit 1
    fi
    grep -E '^(vectors:|test result:)' "$log"
    rm -f "$log"

    if [ "$target" = i686-unknown-linux-gnu ]; then
        # How the portable kernel's 64 x 64 -> 128-bit products come out on a 32-bit target: inline
        # 32 x 32 -> 64-bit `mul` instructions, or calls to compiler-builtins' __multi3. Printed as
        # evidence for the README's target notes; which one the compiler picks is its choice.
        lib_test=$(find "target/cross/$target/debug/deps" -maxdepth 1 -type f -executable \
            -name 'cognito_srp_core-*' -print -quit)
        # awk reads to the end (no early exit): under pipefail a SIGPIPE'd nm would fail the script.
        range=$(nm "$lib_test" | awk '/engine4mont3mul17h/ && !seen {print $1; seen = 1}')
        next=$(nm -n "$lib_test" | awk -v a="$range" 'found == 1 {print $1} {found = found ? 2 : ($1 == a)}')
        body=$(objdump -d --no-show-raw-insn --start-address="0x$range" --stop-address="0x$next" "$lib_test")
        echo "cross_test: $target: engine::mont::mul has $(grep -cE '\smull?\s' <<<"$body" || true)" \
            "32-bit mul instructions and $(grep -c '__multi3' <<<"$body" || true) calls to __multi3"
    fi
done
rm -rf target/cross
