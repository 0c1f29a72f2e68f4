#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target from the known-answer vectors.

Reads test-vectors/*.json and ../shared/reference/cognito-srp-vectors.json (or the files given with
--vectors), adds hand-made edge cases (huge, empty, zero mod N, signed, odd length), and writes one
file per seed, named by its SHA-1, into <out>/<target>/ (default: fuzz/seeds). The input format is
described in fuzz/src/lib.rs and in each target's header.

    python3 fuzz/make_corpus.py                # refresh fuzz/seeds/ (committed)
    python3 fuzz/make_corpus.py --out fuzz/corpus
"""

import argparse
import base64
import glob
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEP = b"\xff"

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
).lower()
N = int(N_HEX, 16)


def b(s):
    return s.encode("utf-8") if isinstance(s, str) else s


def fields(*items):
    return SEP.join(b(i) for i in items)


def entries(params):
    return [b(k) + b"=" + b(v) for k, v in params.items()]


def load(paths):
    cases = {"user_srp": [], "device_srp": [], "reject": [], "device_verifier": []}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            print(f"make_corpus: skipping {path}: {e}", file=sys.stderr)
            continue
        for section in cases:
            if isinstance(data.get(section), list):
                cases[section].extend(data[section])
    return cases


def challenge_seeds(cases):
    out = []
    for c in cases["user_srp"]:
        i = c["input"]
        flags = 2 if i.get("client_secret") else 0
        cp = i["challenge_parameters"]
        out.append(
            fields(bytes([flags]), i["password"], i["pool_id"], i["request_username"], "",
                   i["small_a"], *entries(cp))
        )
    for c in cases["device_srp"]:
        i = c["input"]
        flags = 3 if i.get("client_secret") else 1
        out.append(
            fields(bytes([flags]), i["device_password"], i["device_group_key"], i["username"],
                   i["device_key"], i["small_a"], *entries(i["challenge_parameters"]))
        )
    base = None
    for c in cases["reject"]:
        i = c["input"]
        if c.get("kind") == "server_B_zero_mod_N":
            base = i
            out.append(
                fields(b"\x00", i["password"], i["pool_id"], i["user_id_for_srp"], "", i["small_a"],
                       "SALT=" + i["salt"], "SRP_B=" + i["SRP_B"], "SECRET_BLOCK=AQID",
                       "USER_ID_FOR_SRP=" + i["user_id_for_srp"])
            )
    # Hand-made: huge, empty, missing, signed and odd-length values, shorthand keys.
    good = {
        "SALT": "-1b68bdb2a222c525d694bdb48a52e4e2",
        "SRP_B": format(pow(2, 1234567, N), "x"),
        "SECRET_BLOCK": base64.b64encode(bytes(range(256))).decode(),
        "USER_ID_FOR_SRP": "04e33d39-55ea-46af-8d63-872fe6a3e2d8",
        "USERNAME": "alice",
    }
    head = [b"\x00", "pw", "us-east-1_AbCdEf123", "alice", "", "0a" * 48]
    dev_head = [b"\x01", "devpw", "-8W66aq8j1", "alice", "us-east-1_dev", "0a" * 48]
    variants = [
        {},
        {"SRP_B": "*10485760:A"},
        {"SECRET_BLOCK": "*10485760:QUFB"},
        {"SALT": "*1000000:f"},
        {"USER_ID_FOR_SRP": "*3000:\u00e9"},
        {"SRP_B": ""},
        {"SALT": ""},
        {"SALT": "-"},
        {"SECRET_BLOCK": ""},
        {"SRP_B": "-1"},
        {"SRP_B": "0"},
        {"SRP_B": "0" * 1020 + "1"},
        {"SRP_B": "0" * 256 + N_HEX},
        {"SRP_B": N_HEX.upper()},
        {"SRP_B": format(N * 7 + 1, "x")},
        {"SRP_B": "f" * 1024},
        {"SRP_B": "f" * 1025},
        {"SALT": "abc"},
        {"SALT": "-0"},
        {"SECRET_BLOCK": "AQI"},
        {"SECRET_BLOCK": "-_8="},
        {"SECRET_BLOCK": "A"},
    ]
    for v in variants:
        params = dict(good)
        params.update(v)
        out.append(fields(*head, *entries(params)))
        dparams = dict(params)
        del dparams["USER_ID_FOR_SRP"]
        out.append(fields(*dev_head, *entries(dparams)))
    for missing in good:
        params = {k: v for k, v in good.items() if k != missing}
        out.append(fields(*head, *entries(params)))
    short = {"#0": good["SALT"], "#1": good["SRP_B"], "#2": good["SECRET_BLOCK"], "#3": "bob"}
    out.append(fields(*head, *entries(short)))
    out.append(fields(b"\x04", "pw", "us-east-1_X", "alice", "us-east-1_dev", "", *entries(good)))
    out.append(fields(b"\x00", "*5000:p", "us-east-1_X", "alice", "", "", *entries(good)))
    out.append(fields(b"\x00", "pw", "no-separator", "alice", "", "", *entries(good)))
    return out


def encoding_seeds(cases):
    texts = set()
    for c in cases["user_srp"] + cases["device_srp"]:
        cp = c["input"]["challenge_parameters"]
        texts.update([cp["SALT"], cp["SRP_B"][:200], cp["SECRET_BLOCK"][:200]])
        e = c.get("expected", {})
        for k in ("salt_padhex", "u", "password_claim_signature"):
            if isinstance(e.get(k), str):
                texts.add(e[k])
    texts.update(["0", "00", "-0", "-", "", "80", "-80", "-81", "7f", "-7f", "ABCdef", "abc", "-00ff",
                  "0x12", "+12", "--12", "12 ", "\u00e91", "AQID", "AQI=", "AQI", "-_8=", "+/8=", "A",
                  "AQ==", "AQ=", "AR==", "====", "QUJD\n", "-1b68bdb2a222c525d694bdb48a52e4e2"])
    out = []
    for t in sorted(texts):
        out.append(b"\x01" + b(t))
        out.append(b"\x00" + b(t))
        out.append(b"\x03" + bytes([min(len(b(t)), 255)]) + b(t))
        out.append(b"\x03" + bytes([max(len(b(t)) - 1, 0)]) + b(t))
    for raw in [b"\x80", b"\xff", b"\xff\x7f", b"\xff\x80\x01", b"\x00\x80", b"\x7f\xff", b"\x00\x00",
                bytes.fromhex("e497424d5ddd3ada296b424b75ad1b1e")]:
        out.append(b"\x00" + raw)
    return out


def modpow_seeds(cases):
    out = []

    def seed(flags, exponent, base):
        out.append(bytes([flags]) + len(exponent).to_bytes(2, "little") + exponent + base)

    n = N.to_bytes(384, "big")
    bases = [b"", b"\x00", b"\x01", b"\x02", n, (N - 1).to_bytes(384, "big"),
             (N + 1).to_bytes(385, "big"), b"\xff" * 512, b"\xff" * 513, b"\x00" * 100 + b"\x03"]
    exps = [b"", b"\x00", b"\x01", b"\x02", b"\xff" * 32, b"\x80" + b"\x00" * 47, b"\xff" * 256,
            b"\x01" * 257, b"\x00" * 255 + b"\x01"]
    for c in cases["user_srp"][:4] + cases["device_srp"][:2]:
        e = c.get("expected", {})
        exps.append(bytes.fromhex(c["input"]["small_a"]))
        if isinstance(e.get("x"), str):
            exps.append(bytes.fromhex(e["x"].rjust(64, "0")))
        bases.append(bytes.fromhex(c["input"]["challenge_parameters"]["SRP_B"].rjust(2 * ((len(c["input"]["challenge_parameters"]["SRP_B"]) + 1) // 2), "0")))
    for i, e in enumerate(exps):
        seed(1, e, b"")
        seed(0, e, bases[i % len(bases)])
    for bs in bases:
        seed(0, b"\x05", bs)
    return out


def server_seeds(cases):
    out = []
    for c in cases["user_srp"][:8]:
        i, e, srv = c["input"], c.get("expected", {}), c.get("server", {})
        cp = i["challenge_parameters"]
        # Honest mode with the case's a and b (the fixed verifier, not the case's).
        out.append(fields(b"\x01", srv.get("b", ""), i["small_a"], "", "", cp["SECRET_BLOCK"][:120]))
        out.append(fields(b"\x03", srv.get("b", ""), i["small_a"], "", "", "", "", "", "", i["password"]))
        # Arbitrary mode: the case's A, signature and timestamp against a server that cannot know them.
        if isinstance(e.get("A"), str):
            out.append(fields(b"\x00", srv.get("b", ""), e["A"], e.get("password_claim_signature", ""),
                              e.get("timestamp", ""), cp["SECRET_BLOCK"][:120], i.get("pool_name", ""),
                              cp["USER_ID_FOR_SRP"]))
    for c in cases["reject"]:
        if c.get("kind") == "A_zero_mod_N":
            out.append(fields(b"\x00", "", c["input"]["SRP_A"]))
    sig = base64.b64encode(bytes(32)).decode()
    ts = "Tue Nov 3 09:05:07 UTC 2026"
    for a in ["1", "2", format(N - 1, "x"), format(N + 1, "x"), "0" * 1000 + "1", "f" * 1025, "",
              "-1", "xyz", "*2000000:0", N_HEX.upper(), "00" + N_HEX, format(3 * N, "x")]:
        out.append(fields(b"\x00", "01", a, sig, ts, "AQID", "AbCdEf123", "alice"))
    honest_tamper = [
        ["", "", "", "", "", "", "", ""],
        [sig, "", "", "", "", "", "", ""],
        ["", "Tue Nov 03 09:05:07 UTC 2026", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "", "PASSWORD_CLAIM_SECRET_BLOCK=AQID"],
        ["", "", "", "", "", "", "", "", "#8=*300:A"],
        ["", "", "", "", "", "", "", "", "#7=*100:x"],
    ]
    for t in honest_tamper:
        out.append(fields(b"\x01", "", "", *t))
    out.append(fields(b"\x00", "", "2", "*300:A", "*100:T", "*70000:QUFB", "n", "u", "AQID"))
    return out


def write(out_dir, target, seeds):
    d = os.path.join(out_dir, target)
    os.makedirs(d, exist_ok=True)
    for s in seeds:
        with open(os.path.join(d, hashlib.sha1(s).hexdigest()), "wb") as f:
            f.write(s)
    print(f"make_corpus: {target}: {len(set(seeds))} seeds in {d}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(HERE, "seeds"))
    p.add_argument("--vectors", nargs="*", default=None)
    args = p.parse_args()
    paths = args.vectors
    if paths is None:
        paths = sorted(glob.glob(os.path.join(ROOT, "test-vectors", "*.json")))
        ref = os.path.join(os.path.dirname(ROOT), "shared", "reference", "cognito-srp-vectors.json")
        if os.path.exists(ref):
            paths.append(ref)
    cases = load(paths)
    print(f"make_corpus: {sum(len(v) for v in cases.values())} cases from {len(paths)} file(s)")
    write(args.out, "challenge", challenge_seeds(cases))
    write(args.out, "encoding", encoding_seeds(cases))
    write(args.out, "modpow_diff", modpow_seeds(cases))
    write(args.out, "server_verify", server_seeds(cases))


if __name__ == "__main__":
    main()
