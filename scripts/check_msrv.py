#!/usr/bin/env python3
"""Fails when a dependency of a workspace member declares a rust-version newer than that member's.

Only one toolchain can be installed on the build machines, so the MSRV is checked through the locked
dependency graph: every package a member builds with (normal and build dependencies, transitively)
must accept the rust-version the member states.
"""
import json
import subprocess
import sys


def version_tuple(text):
    parts = [int(p) for p in text.split(".")[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


meta = json.loads(subprocess.check_output(
    ["cargo", "metadata", "--format-version", "1", "--locked"]))
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}


def closure(root):
    seen, stack = set(), [root]
    while stack:
        node = nodes[stack.pop()]
        for dep in node["deps"]:
            kinds = {k["kind"] for k in dep["dep_kinds"]}
            if kinds & {None, "build"} and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                stack.append(dep["pkg"])
    return seen


failures = 0
for member in meta["workspace_members"]:
    pkg = packages[member]
    msrv = pkg.get("rust_version")
    if not msrv:
        print(f"msrv: {pkg['name']} states no rust-version")
        failures += 1
        continue
    deps = closure(member)
    too_new = [
        f"{packages[d]['name']} {packages[d]['version']} needs Rust {packages[d]['rust_version']}"
        for d in sorted(deps)
        if packages[d].get("rust_version")
        and version_tuple(packages[d]["rust_version"]) > version_tuple(msrv)
    ]
    print(f"msrv: {pkg['name']} {msrv}: {len(deps)} dependencies checked, {len(too_new)} need a newer Rust")
    for line in too_new:
        print("  " + line)
    failures += len(too_new)
sys.exit(1 if failures else 0)
