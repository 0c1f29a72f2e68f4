#!/usr/bin/env python3
"""Writes BENCHMARKING.md from the criterion medians of the last bench run.

Run after `cargo bench -p cognito-srp-core --features bench-gmp,bench-openssl --bench modpow --bench login`;
reads
target/criterion/<group>/<id>/[<contender>/]new/estimates.json. Every figure comes from that one run; a
missing measurement (for instance GMP without the bench-gmp feature) prints as "–". The header names the
date, the commit and the machine (from lscpu); `--note TEXT` adds what the machine was doing.

    python3 scripts/perf_table.py [--note TEXT]     # writes BENCHMARKING.md
    python3 scripts/perf_table.py --print           # prints the tables only
"""
import datetime
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"


def median_ns(*parts):
    path = ROOT.joinpath(*parts, "new", "estimates.json")
    try:
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


def tables():
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


HEADER = """# Benchmarks

Every measured figure of this repository, from one run of

```text
cargo bench -p cognito-srp-core --features bench-gmp,bench-openssl --bench modpow --bench login
python3 scripts/perf_table.py
```

Run of {date}, commit {commit}, on {machine}.{note}

"""

NOTES = """
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
- The first `g^a` of a process also builds the comb table; the figures are steady state.
"""


def main():
    if not ROOT.is_dir():
        sys.exit(f"no criterion results under {ROOT}: run the benches first")
    body = tables()
    if "--print" in sys.argv[1:]:
        print("\n".join(body))
        return
    note = ""
    if "--note" in sys.argv[1:]:
        note = " " + sys.argv[sys.argv.index("--note") + 1]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    text = HEADER.format(date=datetime.date.today().isoformat(), commit=commit, machine=machine(),
                         note=note) + "\n".join(body) + "\n" + NOTES
    out = ROOT.parent.parent / "BENCHMARKING.md"
    out.write_text(text)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
