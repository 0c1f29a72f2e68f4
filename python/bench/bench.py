"""The math of one sign-in: cognito_srp against pycognito 2024.5.1's AWSSRP on the same challenge, in
this process; with --rust, also the Rust crate's own `login/this_crate` bench, for the binding's
overhead. A measurement, not a test: it prints, it asserts nothing.

    python/.venv/bin/python python/bench/bench.py [--rounds N] [--rust] [--json PATH]

Each sign-in is what a client computes between InitiateAuth and RespondToAuthChallenge: a fresh
ephemeral key (A = g^a), then the PASSWORD_VERIFIER response (u, x, S, the HKDF key and the claim
signature). pycognito: AWSSRP(...) + get_auth_params() + process_challenge(); cognito_srp:
start_user_srp() + auth_parameters() + respond(). Medians of wall time and of the thread's CPU time;
with --rust, cognito_srp is measured again after the Rust bench and the overhead is taken against the
mean of its two medians (on a busy machine, wall times move with the load: compare CPU times there).
--json PATH also writes the figures printed to PATH (scripts/perf_table.py reads it into BENCHMARKING.md).
"""

import argparse
import importlib.metadata
import json
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Dict, Optional, Union

from cognito_srp import AppClient

ROOT = Path(__file__).resolve().parents[2]
POOL = "us-east-1_AbCdEf123"
CLIENT = "client"
USER = "alice"
PASSWORD = "Correct-Horse-Battery-9!"
# A PASSWORD_VERIFIER challenge of the shared vectors (user-01); a positive SALT, which pycognito parses.
CHALLENGE = {
    "SALT": "5ec37ebb65054ad03e286efc917b3f09",
    "SRP_B": (
        "4f6d8ba9a5e3d1c28e6f3b1f0a7c5d2e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"
        * 8
    ),
    "SECRET_BLOCK": "c2VjcmV0IGJsb2NrIGZyb20gdGhlIHNlcnZlcg==",
    "USERNAME": USER,
    "USER_ID_FOR_SRP": USER,
}
NOW = datetime(2026, 11, 3, 9, 5, 7, tzinfo=timezone.utc)


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def measure(rounds: int, once: Callable[[], object]) -> "tuple[float, float]":
    """Median wall and thread-CPU seconds of `once` over `rounds` calls (after one warm-up call)."""
    once()
    wall, cpu = [], []
    for _ in range(rounds):
        w, c = time.perf_counter_ns(), time.thread_time_ns()
        once()
        cpu.append(time.thread_time_ns() - c)
        wall.append(time.perf_counter_ns() - w)
    return statistics.median(wall) / 1e9, statistics.median(cpu) / 1e9


def ours(client: AppClient) -> Callable[[], object]:
    def once() -> object:
        login = client.start_user_srp(USER)
        login.auth_parameters("USER_SRP_AUTH")
        return login.respond(CHALLENGE, PASSWORD, now=NOW)

    return once


def pycognito() -> Callable[[], object]:
    from pycognito.aws_srp import AWSSRP  # type: ignore[import-untyped]

    unused_client = object()  # the math never calls the client

    def once() -> object:
        aws = AWSSRP(USER, PASSWORD, POOL, CLIENT, client=unused_client)
        params = aws.get_auth_params()
        return aws.process_challenge(CHALLENGE, params)

    return once


def rust_this_crate() -> "float | None":
    """`login/this_crate` of `cargo bench --bench login` (criterion's estimate, seconds)."""
    command = ["cargo", "bench", "-p", "cognito-srp-core", "--locked", "--bench", "login", "--", "login/this_crate$"]
    print("rust:      " + " ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    found = re.search(r"login/this_crate\s+time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", result.stdout)
    if result.returncode != 0 or not found:
        print(result.stderr[-1000:], file=sys.stderr)
        return None
    scale = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}[found.group(2)]
    return float(found.group(1)) * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200, help="cognito_srp sign-ins (pycognito: a tenth)")
    parser.add_argument("--rust", action="store_true", help="also run cargo bench's login/this_crate")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures to PATH as JSON")
    args = parser.parse_args()

    figures: Dict[str, Union[str, int, float, None]] = {
        "cpu": cpu_model(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cognito_srp": importlib.metadata.version("cognito-srp"),
        "pycognito": importlib.metadata.version("pycognito"),
    }
    print(f"cpu:       {figures['cpu']}")
    print(f"python:    {figures['python']}, cognito-srp {figures['cognito_srp']}, pycognito {figures['pycognito']}")
    client = AppClient(POOL, CLIENT)
    py_wall, py_cpu = measure(max(args.rounds // 10, 5), pycognito())
    our_wall, our_cpu = measure(args.rounds, ours(client))
    figures.update(pycognito_rounds=max(args.rounds // 10, 5), pycognito_wall_s=py_wall, pycognito_cpu_s=py_cpu,
                   ours_rounds=args.rounds, ours_wall_s=our_wall, ours_cpu_s=our_cpu)
    print(f"pycognito: {py_wall * 1e3:9.2f} ms wall, {py_cpu * 1e3:9.2f} ms CPU (median of {max(args.rounds // 10, 5)})")
    print(f"ours:      {our_wall * 1e6:9.1f} µs wall, {our_cpu * 1e6:9.1f} µs CPU (median of {args.rounds})")
    print(f"ratio:     {py_wall / our_wall:.1f}x faster (wall), {py_cpu / our_cpu:.1f}x (CPU)")
    # What crossing into Rust costs, without the math: a call that takes the challenge's five-entry dict
    # and one that returns a dict, as respond and auth_parameters do.
    context = client.challenge_context(CHALLENGE, {})
    _, crossing = measure(args.rounds * 10, lambda: (client.challenge_context(CHALLENGE, {}), context.mfa_setup()))
    print(f"crossing:  {crossing * 1e6:9.2f} µs CPU per dict in and dict out ({crossing / our_cpu * 100:.2f}% of ours)")
    figures["crossing_cpu_s"] = crossing
    rust: Optional[float] = None
    if args.rust:
        rust = rust_this_crate()
        # Measured again right after the Rust bench, so a change of load between the two shows.
        after_wall, _ = measure(args.rounds, ours(client))
        figures.update(ours_wall_after_rust_s=after_wall, rust_this_crate_s=rust)
        print(f"ours:      {after_wall * 1e6:9.1f} µs wall (median of {args.rounds}, after the Rust bench)")
        if rust is None:
            print("rust:      cargo bench did not complete")
        else:
            ours_around = (our_wall + after_wall) / 2
            print(f"rust:      {rust * 1e6:9.1f} µs (criterion's estimate of login/this_crate)")
            print(f"overhead:  {(ours_around / rust - 1) * 100:+.1f}% (ours, mean of the two wall medians, over the Rust bench)")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
