//! Constant-time evidence for the secret-dependent paths, dudect style: time one operation on inputs
//! of two classes (class 0: a fixed, degenerate secret such as an all-zero-but-one exponent; class 1:
//! a fresh random secret of the same length), with the class drawn at random for every measurement,
//! and run Welch's t-test on the two timing distributions. As in dudect, the test runs on the raw
//! timings and on timings cropped at 100 upper percentiles (computed from a first batch), and the
//! largest |t| is reported: below 4.5 the test found no leak; above 10 the timing depends on the class.
//!
//! Not part of `cargo test`:
//!
//! ```text
//! cargo bench --bench constant_time                        # every path, 1,000,000 measurements each
//! CT_MEASUREMENTS=100000 cargo bench --bench constant_time -- g_a claim
//! ```
//!
//! Paths: `g_a` (g^a on the fixed-base engine, 384-bit a), `g_x` (g^x, 256-bit x), `s_exp` (the S
//! exponentiation on the variable-base engine, 520-bit exponent, as `a + u·x`), `s_exp_hw` (the same,
//! class 0 a random exponent of Hamming weight 8), `s_base` (the S exponentiation with a fixed exponent
//! and a secret base: B − k·g^x depends on x), `claim` (`ServerKey::verify_claim` with a signature
//! that is right except for its last byte against a random one), `claim_prefix` (the same, against
//! a signature wrong in its first and last bytes: both classes then send equally shaped strings, so a
//! difference can only come from how far the signature matches the key), `claim_shape` (a fixed
//! string unrelated to the key against a random one: what the input's shape alone does). `control`
//! (not run by default) is num-bigint's variable-time `modpow` on the `s_exp` classes: the harness
//! must flag it. `CT_SAME_CLASS=1` gives both classes class-1 inputs (an A/A run: the false-positive
//! level of the machine).
//!
//! Modules: `stats` (Welch's t-test, raw and cropped), `paths` and `claim` (the operations measured and
//! their two classes of input), `measure` (the measuring loop and its report), `rng` (class choice and
//! random inputs).
//!
//! Results, each with its date, machine, kernel and command: the README's *Fuzzing and constant-time
//! evidence*.

mod claim;
mod measure;
mod paths;
mod rng;
mod stats;

use claim::{Claim, ClaimMode};
use measure::measure;
use paths::{Control, FixedBase, SecretBase, VariableBase};
use rng::Rng;

fn main() {
    let total: usize = std::env::var("CT_MEASUREMENTS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let all = [
        "g_a",
        "g_x",
        "s_exp",
        "s_exp_hw",
        "s_base",
        "claim",
        "claim_prefix",
        "claim_shape",
    ];
    let mut chosen: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if chosen.is_empty() {
        chosen = all.iter().map(|s| s.to_string()).collect();
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    let mut rng = Rng(seed);
    println!(
        "constant_time: Montgomery kernel {:?} (COGNITO_SRP_KERNEL=portable, x86_adx or x86_ifma asks for one)",
        cognito_srp_core::bench_hooks::kernel::selected()
    );
    // The variable base of S: a fixed random residue (B − k·g^x in a real login).
    let mut base = rng.bytes(384);
    base[0] &= 0x7f;
    for name in &chosen {
        match name.as_str() {
            "g_a" => measure(name, FixedBase { len: 48 }, total, &mut rng),
            "g_x" => measure(name, FixedBase { len: 32 }, total, &mut rng),
            "s_exp" => measure(
                name,
                VariableBase {
                    base: base.clone(),
                    len: 65,
                    low_weight: false,
                },
                total,
                &mut rng,
            ),
            "s_exp_hw" => measure(
                name,
                VariableBase {
                    base: base.clone(),
                    len: 65,
                    low_weight: true,
                },
                total,
                &mut rng,
            ),
            "s_base" => {
                let exponent = rng.bytes(65);
                measure(name, SecretBase { exponent }, total, &mut rng)
            }
            "claim" => measure(name, Claim::new(ClaimMode::PrefixVsRandom), total, &mut rng),
            "claim_prefix" => measure(
                name,
                Claim::new(ClaimMode::PrefixVsWrongFirst),
                total,
                &mut rng,
            ),
            "claim_shape" => measure(
                name,
                Claim::new(ClaimMode::UnrelatedVsRandom),
                total,
                &mut rng,
            ),
            "control" => {
                let n =
                    num_bigint::BigUint::parse_bytes(cognito_srp_core::group::N_HEX.as_bytes(), 16)
                        .expect("N is hex");
                let base = num_bigint::BigUint::from_bytes_be(&base);
                measure(name, Control { base, n }, total, &mut rng)
            }
            other => {
                eprintln!("constant_time: unknown path {other}; paths: {all:?} and control");
                std::process::exit(2);
            }
        }
    }
}
