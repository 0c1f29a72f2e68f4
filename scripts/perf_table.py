#!/usr/bin/env python3
"""Writes BENCHMARKING.md from the results of one run of scripts/benchmarks.sh.

Reads, under target/:
- criterion/<group>/<id>/[<contender>/]new/estimates.json: the core's benches (`cargo bench -p
  cognito-srp-core --features bench-gmp,bench-openssl --bench modpow --bench login`); a missing
  measurement (for instance GMP without the bench-gmp feature) prints as "–";
- bench-results/load.json, python.json, wasm.json: `cognito-srp load --json`, `python/bench/bench.py
  --json` and `wasm/js-tests/bench.mjs --json`;
- bench-results/server-benches.txt: what the server's initiate_auth and token_signing benches printed;
- bench-results/run.json: the commit measured, when the run started and ended, and the load average
  then (benchmarks.sh).

With run.json, criterion results from before or after the run do not count. A tool whose results are
missing gets "not measured in this run", never older figures. The header names the date, the commit and
the machine (from lscpu); `--note TEXT` adds what the machine was doing.

    python3 scripts/perf_table.py [--note TEXT]     # writes BENCHMARKING.md
    python3 scripts/perf_table.py --print           # prints the sections only
"""
import datetime
import json
import os
import pathlib
import subprocess
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
ROOT = TOP / "target" / "criterion"
RESULTS = TOP / "target" / "bench-results"
NOT_MEASURED = "Not measured in this run."


def result(name):
    """The JSON a tool wrote in this run (`None` when it wrote none)."""
    try:
        return json.loads((RESULTS / f"{name}.json").read_text())
    except FileNotFoundError:
        return None


RUN = result("run")


def median_ns(*parts):
    path = ROOT.joinpath(*parts, "new", "estimates.json")
    try:
        # From another run: before this one, or after it (bench.py's own run of login/this_crate).
        if RUN is not None and not RUN["start"] <= path.stat().st_mtime <= RUN.get("end", float("inf")):
            return None
        return json.loads(path.read_text())["median"]["point_estimate"]
    except FileNotFoundError:
        return None

def fmt(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs" if ns < 1e5 else f"{ns / 1e3:.0f} µs"
    return f"{ns:.0f} ns"


def ratio(a, b):
    """How many times faster `b` is than `a` (a / b)."""
    if a is None or b is None:
        return "–"
    return f"{a / b:.2f}×"


def core_tables():
    out = []
    login = {k: median_ns("login", k) for k in [
        "this_crate", "this_crate_x86_adx", "this_crate_portable", "this_crate_respond",
        "this_crate_reference_size", "reference_num_bigint"]}
    out += [
        "| sign-in (`login/…`) | median | portable kernel (`this_crate_portable`) ÷ this | "
        "num-bigint reference (`reference_num_bigint`) ÷ this |",
        "| --- | --- | --- | --- |",
    ]
    labels = {
        "this_crate": "`this_crate` (start + respond, defaults)",
        "this_crate_x86_adx": "`this_crate_x86_adx` (the same, MULX/ADX kernel)",
        "this_crate_portable": "`this_crate_portable` (the same, portable kernel)",
        "this_crate_respond": "`this_crate_respond` (A precomputed)",
        "this_crate_reference_size": "`this_crate_reference_size` (1024-bit a, as the official client)",
        "reference_num_bigint": "`reference_num_bigint` (the official client's math on num-bigint)",
    }
    for k, label in labels.items():
        portable = (ratio(login["this_crate_portable"], login[k])
                    if k in ("this_crate", "this_crate_x86_adx") else "")
        reference = ratio(login["reference_num_bigint"], login[k]) if k != "reference_num_bigint" else ""
        out.append(f"| {label} | {fmt(login[k])} | {portable} | {reference} |")
    out.append("")

    out += [
        "| exponentiation (`modpow/…`) | this crate (`engine`) | MULX/ADX kernel (`x86_adx`) | "
        "portable kernel | num-bigint | GMP `mpz_powm_sec` | GMP `mpz_powm` | "
        "OpenSSL `BN_mod_exp_mont_consttime` | portable ÷ engine | `mpz_powm_sec` ÷ engine | "
        "OpenSSL ÷ engine |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    rows = [
        ("g_pow_a", "`g_pow_a` (g^a, 1024-bit a)"),
        ("g_pow_a_384", "`g_pow_a_384` (g^a, default 384-bit a)"),
        ("g_pow_x", "`g_pow_x` (g^x, 256-bit x)"),
        ("var_pow_e", "`var_pow_e` (S, 513-bit exponent)"),
        ("var_pow_e_1025", "`var_pow_e_1025` (S, 1025-bit exponent)"),
    ]
    for id_, label in rows:
        m = {c: median_ns("modpow", id_, c)
             for c in ["engine", "x86_adx", "portable", "num_bigint", "gmp_secure", "gmp",
                       "openssl_consttime"]}
        out.append(
            f"| {label} | {fmt(m['engine'])} | {fmt(m['x86_adx'])} | {fmt(m['portable'])} | "
            f"{fmt(m['num_bigint'])} | "
            f"{fmt(m['gmp_secure'])} | {fmt(m['gmp'])} | {fmt(m['openssl_consttime'])} | "
            f"{ratio(m['portable'], m['engine'])} | {ratio(m['gmp_secure'], m['engine'])} | "
            f"{ratio(m['openssl_consttime'], m['engine'])} |"
        )
    s = {c: median_ns("modpow", "sign_in", c) for c in [
        "engine", "x86_adx", "portable", "engine_reference_size", "portable_reference_size",
        "num_bigint", "gmp_secure", "gmp", "openssl_consttime"]}
    out.append(
        f"| `sign_in` (g^a, g^x, S), default sizes | {fmt(s['engine'])} | {fmt(s['x86_adx'])} | "
        f"{fmt(s['portable'])} | | | | | {ratio(s['portable'], s['engine'])} | | |"
    )
    ref = s['engine_reference_size']
    out.append(
        f"| `sign_in`, reference sizes (1024-bit a) | {fmt(ref)} | | "
        f"{fmt(s['portable_reference_size'])} | {fmt(s['num_bigint'])} | {fmt(s['gmp_secure'])} | "
        f"{fmt(s['gmp'])} | {fmt(s['openssl_consttime'])} | "
        f"{ratio(s['portable_reference_size'], ref)} | {ratio(s['gmp_secure'], ref)} | "
        f"{ratio(s['openssl_consttime'], ref)} |"
    )
    out.append("")

    out += [
        "| one operation mod N (`mont/…`) | AVX-512 IFMA (`x86_ifma`) | MULX/ADX (`x86_adx`) | "
        "portable kernel | portable ÷ IFMA | portable ÷ MULX/ADX | crypto-bigint | "
        "num-bigint `(a·b) % N` |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for op in ["mul", "square"]:
        ifma, adx = median_ns("mont", op, "x86_ifma"), median_ns("mont", op, "x86_adx")
        portable = median_ns("mont", op, "portable")
        cb = median_ns("mont", op, "crypto_bigint")
        nb = median_ns("mont", "mul_rem", "num_bigint") if op == "mul" else None
        out.append(
            f"| `{op}` | {fmt(ifma)} | {fmt(adx)} | {fmt(portable)} | {ratio(portable, ifma)} | "
            f"{ratio(portable, adx)} | {fmt(cb)} | {fmt(nb) if op == 'mul' else ''} |"
        )
    return out


def machine():
    fields = {}
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return (f"{os.cpu_count()} cores of an {fields.get('Model name', 'unknown CPU')} "
            f"(family {fields.get('CPU family', '?')}, model {fields.get('Model', '?')})")


def ms(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f} ms"


def times(a, b):
    """a / b as a ratio (how many times b fits in a)."""
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def load_section():
    r = result("load")
    if r is None:
        return [NOT_MEASURED]
    out = []
    http, base = r.get("http"), r.get("in_process")
    math, sig = r.get("srp_math_ms"), r.get("rs256_ms")
    out += [
        "| full sign-ins, "
        f"{r['clients']} clients for {r['seconds_per_phase']:.0f} s | sign-ins/s | p50 | p99 | "
        "process CPU per sign-in | CPU ÷ SRP math (target ≤ 1.50) | started / completed / errors |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, p in [("over HTTP (kept-alive connections)", http), ("in process (no HTTP)", base)]:
        if p is None:
            out.append(f"| {label} | not measured | | | | | |")
            continue
        rate = p.get("sign_ins_per_second")
        out.append(
            f"| {label} | {rate:.1f} | {ms(p.get('p50_ms'), 1)} | {ms(p.get('p99_ms'), 1)} | "
            f"{ms(p.get('cpu_ms_per_sign_in'))} | {times(p.get('cpu_ms_per_sign_in'), math)} | "
            f"{p['started']} / {p['completed']} / {p['errors']} |"
        )
    out.append("")
    if http and base:
        out.append(
            f"- Rate over HTTP ÷ in process: {times(http['sign_ins_per_second'], base['sign_ins_per_second'])} "
            "(target ≥ 0.70); CPU per sign-in in process ÷ over HTTP: "
            f"{times(base.get('cpu_ms_per_sign_in'), http.get('cpu_ms_per_sign_in'))} (1.00: HTTP costs nothing).")
    if math is not None:
        out.append(
            f"- SRP math of both sides (the client's A, the server's B and key, the client's claim and the "
            f"server's check), one thread, {r['srp_math_rounds']} rounds: {ms(math)} of process CPU per "
            "sign-in, what a sign-in cannot cost less than.")
    if sig is not None:
        line = (f"- One RS256 signature of an access token's claims (a sign-in makes two), "
                f"{r['rs256_signatures']} signatures: {ms(sig)} of process CPU each")
        if math is not None:
            line += f"; the math and two signatures come to {(math + 2 * sig) / math:.2f}× the math"
        out.append(line + ".")
    latency = r.get("initiate_auth")
    if latency:
        out.append(
            f"- InitiateAuth, median of {latency['requests']} requests: {ms(latency['kept_alive_ms'])} on a "
            f"kept-alive connection, {ms(latency['fresh_connection_ms'])} on a fresh one "
            f"({times(latency['kept_alive_ms'], latency['fresh_connection_ms'])}, target ≤ 1.5).")
    out.append(
        "- The server runs in the same process (the demo pool), so the process CPU covers the clients and "
        "the server; a sign-in is InitiateAuth, RespondToAuthChallenge with PASSWORD_VERIFIER and the tokens "
        "(two RS256 signatures). Each phase starts after one sign-in off the clock (a pool's first sign-in "
        "makes its signing key).")
    if not r.get("all_completed", False):
        out.append("- **Not every sign-in started completed** in this run (see the counts).")
    return out


def server_benches_section():
    try:
        text = (RESULTS / "server-benches.txt").read_text().strip()
    except FileNotFoundError:
        return [NOT_MEASURED]
    return [
        "```text", text, "```", "",
        "- `initiate_auth`: InitiateAuth (USER_SRP_AUTH) in process for a known username, a known email and "
        "an unknown email (which gets a stand-in challenge), in turn, in a pool of 100 users and in one of "
        "100,000; ratios to the known username of the same pool.",
        "- `token_signing`: one RS256 signature of an access token's claims three ways: jsonwebtoken on "
        "`rsa` decoding the key for every signature, `rsa` with the key decoded once, and the server's "
        "`TokenService::sign` (`ring`, the key decoded once).",
    ]


def python_section():
    r = result("python")
    if r is None:
        return [NOT_MEASURED]
    py_wall, py_cpu = r["pycognito_wall_s"], r["pycognito_cpu_s"]
    our_wall, our_cpu = r["ours_wall_s"], r["ours_cpu_s"]
    out = [
        f"{r['python']}, cognito-srp {r['cognito_srp']}, pycognito {r['pycognito']}.",
        "",
        "| one sign-in's math | wall (median) | thread CPU (median) | sign-ins |",
        "| --- | --- | --- | --- |",
        f"| pycognito `AWSSRP` (constructor, `get_auth_params`, `process_challenge`) | {ms(py_wall * 1e3)} | "
        f"{ms(py_cpu * 1e3)} | {r['pycognito_rounds']} |",
        f"| cognito_srp (`start_user_srp`, `auth_parameters`, `respond`) | {ms(our_wall * 1e3)} | "
        f"{ms(our_cpu * 1e3)} | {r['ours_rounds']} |",
        f"| pycognito ÷ cognito_srp (target ≥ 20×) | {py_wall / our_wall:.1f}× | {py_cpu / our_cpu:.1f}× | |",
        "",
        f"- Crossing into Rust without the math (a call taking the challenge's five-entry dict and one "
        f"returning a dict, as `respond` and `auth_parameters` do): {r['crossing_cpu_s'] * 1e6:.2f} µs of CPU, "
        f"{r['crossing_cpu_s'] / our_cpu * 100:.2f} % of a sign-in (target < 10 %).",
    ]
    rust, after = r.get("rust_this_crate_s"), r.get("ours_wall_after_rust_s")
    if rust is not None and after is not None:
        around = (our_wall + after) / 2
        out.append(
            f"- The Rust crate doing the same (`login/this_crate`, criterion's estimate, run from bench.py "
            f"without the bench features): {ms(rust * 1e3)}; cognito_srp measured again right after it: "
            f"{ms(after * 1e3)} wall; the binding over Rust, on the mean of its two wall medians: "
            f"{(around / rust - 1) * 100:+.1f} %.")
    else:
        out.append("- The Rust crate's `login/this_crate` was not measured in this run.")
    return out


def wasm_section():
    r = result("wasm")
    if r is None:
        return [NOT_MEASURED]
    out = [
        f"The published `cognito_srp_wasm_bg.wasm`: {r['wasm']['bytes']:,} bytes, "
        f"{r['wasm']['gzipped']:,} gzipped (Node's zlib, level 9).",
        "",
        f"| one sign-in's math | amazon-cognito-identity-js {r['amazonCognitoIdentityJs']} | cognito-srp-wasm | "
        "ratio | sign-ins (js, wasm) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, key in [("Node", "node"), ("Chromium (headless)", "chromium")]:
        p = r.get(key)
        if p is None:
            out.append(f"| {label} | not measured in this run | | | |")
            continue
        out.append(f"| {label} {p['version']} | {ms(p['jsMs'])} | {ms(p['wasmMs'], 3)} | {p['ratio']:.1f}× | "
                   f"{p['jsRuns']}, {p['wasmRuns']} |")
    out += [
        "",
        "- cognito-srp-wasm: `startUserSrp` + `authParameters` + `respond` (which also signs); "
        "amazon-cognito-identity-js: `AuthenticationHelper` (constructor with `getLargeAValue`, then "
        "`getPasswordAuthenticationKey`); the same challenge, alternating in one process, medians. "
        "Chromium coarsens `performance.now()` to 0.1 ms.",
    ]
    return out


CORE_NOTES = """
- `engine` / `this_crate` is the kernel the CPU selects; `x86_adx` / `this_crate_x86_adx` force the
  MULX/ADX kernel and `portable` / `this_crate_portable` the portable kernel in the same run (each row's
  ratios come from one run, not one moment). `reference_num_bigint` is the official client's math written
  plainly with num-bigint (1024-bit a, `BigUint::modpow` three times); num-bigint and GMP run `sign_in`
  at those reference sizes.
- GMP is the system's `libgmp-dev`, reached through `rug` / `gmp-mpfr-sys` with `use-system-libs` (the
  `bench-gmp` feature, benches only). `mpz_powm_sec` is GMP's constant-time exponentiation, `mpz_powm`
  the variable-time one.
- OpenSSL is the system's `libssl-dev`, reached through the `openssl` crate (the `bench-openssl`
  feature, benches only): `BN_mod_exp` with the exponent flagged `BN_FLG_CONSTTIME`, which OpenSSL
  answers with `BN_mod_exp_mont_consttime`, setting up N's Montgomery constants on each call.
- The first `g^a` of a process also builds the comb table; the figures are steady state."""

SECTIONS = [
    ("Core: the SRP math in Rust",
     "cargo bench -p cognito-srp-core --locked --features bench-gmp,bench-openssl --bench modpow --bench login",
     lambda: (core_tables() + CORE_NOTES.splitlines()) if any(
         median_ns("login", k) is not None for k in ["this_crate", "reference_num_bigint"]) else [NOT_MEASURED]),
    ("Server: full sign-ins under load",
     "cargo build --release --locked -p cognito-srp-cli --no-default-features\n"
     "target/release/cognito-srp load --clients 8 --seconds 10 --json target/bench-results/load.json",
     load_section),
    ("Server: InitiateAuth for known and unknown names, token signing",
     "ROUNDS=1000 cargo bench -p cognito-srp-server --locked --features unstable-bench-hooks "
     "--bench initiate_auth --bench token_signing",
     server_benches_section),
    ("Python: cognito-srp against pycognito",
     "python/.venv/bin/python python/bench/bench.py --rust --json target/bench-results/python.json",
     python_section),
    ("WebAssembly: cognito-srp-wasm against amazon-cognito-identity-js",
     "(cd wasm/js-tests && node bench.mjs --json ../../target/bench-results/wasm.json)",
     wasm_section),
]

HEADER = """# Benchmarks

Every speed figure of this repository, from one run of

```text
bash scripts/benchmarks.sh
```

which builds first, then runs the commands of the sections below one after another and writes this file
(`python3 scripts/perf_table.py`). Run of {date}, commit {commit}, on {machine}.{run}{note}
"""


def run_line():
    if RUN is None or "end" not in RUN:
        return ""
    minutes, seconds = divmod(round(RUN["end"] - RUN["start"]), 60)
    return (f" The measurements took {minutes} min {seconds} s; load average {RUN['load_start']} at the "
            f"start, {RUN['load_end']} at the end.")


def body():
    out = []
    for title, command, section in SECTIONS:
        out += ["", f"## {title}", "", "```text", command, "```", ""] + section()
    return out


def main():
    text_body = body()
    if "--print" in sys.argv[1:]:
        print("\n".join(text_body))
        return
    note = ""
    if "--note" in sys.argv[1:]:
        note = " " + sys.argv[sys.argv.index("--note") + 1]
    commit = (RUN or {}).get("commit") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=TOP).stdout.strip()
    date = (datetime.datetime.fromtimestamp(RUN["start"], datetime.timezone.utc).date() if RUN
            else datetime.date.today()).isoformat()
    text = HEADER.format(date=date, commit=commit, machine=machine(), run=run_line(), note=note)
    text += "\n".join(text_body) + "\n"
    out = TOP / "BENCHMARKING.md"
    out.write_text(text)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
