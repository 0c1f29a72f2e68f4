#!/usr/bin/env python3
"""Checks what a registry user would get: the crates of cognito-srp-core and cognito-srp-server
(`cargo package`, built from the packed sources) and the npm package of the wasm bindings (`npm pack`).

For each package: the files it must carry are there (manifest, README, licences, the library's
sources), every file it carries is of a kind it should carry (no scripts, generators, CI files, other
members), and every tracked source file of the library is in it. Prints each package's file list.

    python3 scripts/check_packages.py              # list, check, and build both crates from their packages
    python3 scripts/check_packages.py --no-verify  # list and check only
"""
import fnmatch
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CRATES = {
    "cognito-srp-core": {
        "dir": ".",
        "required": ["Cargo.toml", "README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE",
                     "src/lib.rs", "docs/engine.md", "BENCHMARKING.md",
                     "test-vectors/cognito-srp-vectors.json"],
        # Everything a build, the docs, the crate's own tests and benches read.
        "allowed": ["Cargo.toml", "Cargo.toml.orig", "Cargo.lock", ".cargo_vcs_info.json", "README.md",
                    "CHANGELOG.md", "BENCHMARKING.md", "LICENSE-MIT", "LICENSE-APACHE", "src/*.rs",
                    "src/*/*.rs", "src/*/*/*.rs", "src/*/*/*/*.rs", "docs/*.md", "tests/*.rs",
                    "tests/common/*.rs", "tests/limits/*.rs", "test-vectors/*.json",
                    "test-vectors/README.md", "benches/*.rs", "benches/*/*.rs"],
        # Tracked files that must all be packed.
        "complete": ["src/", "docs/", "benches/", "tests/common/", "tests/limits/"],
    },
    "cognito-srp-server": {
        "dir": "server",
        "required": ["Cargo.toml", "README.md", "LICENSE-MIT", "LICENSE-APACHE", "src/lib.rs"],
        "allowed": ["Cargo.toml", "Cargo.toml.orig", "Cargo.lock", ".cargo_vcs_info.json", "README.md",
                    "LICENSE-MIT", "LICENSE-APACHE", "src/*.rs", "src/*/*.rs", "src/*/*/*.rs"],
        # Not the integration tests: they use the unpublished cognito-srp-test-support.
        "complete": ["src/"],
    },
}

# The wasm package: what `files` in its package.json names, plus what npm always adds.
NPM_DIR = "wasm/pkg"
NPM_ALWAYS = {"package.json", "README.md"}


def run(cmd, cwd=ROOT):
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def tracked(directory, prefix):
    """Tracked files under `directory/prefix`, relative to `directory`."""
    out = run(["git", "ls-files", "--", os.path.join(directory, prefix)])
    base = os.path.normpath(directory)
    return {os.path.relpath(line, base) for line in out.splitlines() if line}


def check_crate(name, spec):
    files = run(["cargo", "package", "--list", "--locked", "--allow-dirty", "-p", name]).split()
    problems = []
    for required in spec["required"]:
        if required not in files:
            problems.append(f"{name}: {required} is missing")
    for f in files:
        if not any(fnmatch.fnmatchcase(f, pattern) for pattern in spec["allowed"]):
            problems.append(f"{name}: {f} should not be packed")
    for prefix in spec["complete"]:
        for f in sorted(tracked(spec["dir"], prefix) - set(files)):
            problems.append(f"{name}: tracked {f} is not packed")
    print(f"packages: {name}: {len(files)} files")
    for f in files:
        print(f"  {f}")
    return problems


def check_npm():
    pkg_dir = os.path.join(ROOT, NPM_DIR)
    if not os.path.isfile(os.path.join(pkg_dir, "package.json")):
        return [f"{NPM_DIR} is not built (bash wasm/build.sh)"]
    manifest = json.load(open(os.path.join(pkg_dir, "package.json")))
    packed = json.loads(run(["npm", "pack", "--dry-run", "--json", "--loglevel=error"], cwd=pkg_dir))
    files = sorted(entry["path"] for entry in packed[0]["files"])
    expected = sorted(set(manifest.get("files", [])) | NPM_ALWAYS)
    problems = []
    for f in expected:
        if f not in files:
            problems.append(f"npm {manifest['name']}: {f} is missing")
    for f in files:
        if f not in expected:
            problems.append(f"npm {manifest['name']}: {f} should not be packed")
    print(f"packages: npm {manifest['name']}@{manifest['version']}: {len(files)} files, "
          f"{packed[0]['size']} bytes packed")
    for f in files:
        print(f"  {f}")
    return problems


def main():
    problems = []
    for name, spec in CRATES.items():
        problems += check_crate(name, spec)
    problems += check_npm()
    if "--no-verify" not in sys.argv[1:]:
        # Both crates at once: the server's dependency on the core resolves to the core's own package.
        args = ["cargo", "package", "--locked", "--allow-dirty"]
        for name in CRATES:
            args += ["-p", name]
        result = subprocess.run(args, cwd=ROOT)
        if result.returncode != 0:
            problems.append("cargo package failed to build the packed crates")
    for p in problems:
        print(f"packages: {p}", file=sys.stderr)
    print(f"packages: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
