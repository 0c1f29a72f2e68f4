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
//! Measured 2026-11-26 on the 2-core development VM, shared with other builds (`Instant`, ~10 ns
//! steps), engine of commit 2b90c96:
//!
//! | path | measurements | max \|t\| |
//! |---|---|---|
//! | `g_a` | 1,000,000 | 2.74 |
//! | `g_x` | 1,000,000 | 3.29 |
//! | `s_exp` | 1,000,000 | 2.56 |
//! | `s_exp_hw` | 300,000 | 2.52 |
//! | `s_base` | 300,000 | 3.18 |
//! | `control` | 12,000 | 108.8 |
//!
//! The claim check of that time decoded the claim with the `base64` crate and compared bytes: at
//! 10,000,000 measurements `claim` gave 4.1 – 15.5 (10 runs), `claim_prefix` 1.1 – 29.2 (9 runs) and
//! `claim_shape` 11.6 – 34.8 (5 runs), a sub-cycle difference that followed the shape of the
//! attacker-chosen string. The check now never decodes the claim: it encodes the expected MAC to base64
//! arithmetically and compares fixed-length strings. Measured 2026-12-01 on the same VM (busy with other
//! builds), commit 6cbd3a7, `CT_MEASUREMENTS=10000000 cargo bench -p cognito-srp-core --bench
//! constant_time -- <path>`, one path per run:
//!
//! | path | measurements | max \|t\| per run |
//! |---|---|---|
//! | `claim` | 10,000,000 × 6 runs | 3.06, 1.17, 2.17, 2.83, 1.32, 1.40 |
//! | `claim_prefix` | 10,000,000 × 6 runs | 2.25, 2.21, 1.33, 2.76, 1.62, 1.26 |
//! | `claim_shape` | 10,000,000 × 6 runs | 2.44, 0.85, 2.93, 2.73, 0.81, 1.55 |
//! | `claim`, A/A (`CT_SAME_CLASS=1`) | 10,000,000 × 1 run | 2.06 |
//!
//! The x86-64 MULX/ADX kernel (selected where the CPU has BMI2 and ADX but not AVX-512 IFMA), measured
//! 2026-12-01 on the same VM under a load average of 5 – 16 from other builds, engine of commit c1bb76d:
//!
//! | path | measurements | max \|t\| |
//! |---|---|---|
//! | `g_a` | 1,000,000 | 2.27 |
//! | `g_x` | 1,000,000 | 3.28 |
//! | `s_exp` | 1,000,000 | 1.46 |
//!
//! The AVX-512 IFMA kernel (selected where the CPU has it), measured 2026-12-01 on the same VM with
//! nothing else running (load average 1.0), engine of commit 42498f7, `cargo bench -p cognito-srp-core
//! --bench constant_time -- g_a g_x s_exp s_exp_hw s_base`:
//!
//! | path | measurements | max \|t\| |
//! |---|---|---|
//! | `g_a` | 1,000,000 | 1.17 |
//! | `g_x` | 1,000,000 | 2.17 |
//! | `s_exp` | 1,000,000 | 3.22 |
//! | `s_exp_hw` | 1,000,000 | 2.66 |
//! | `s_base` | 1,000,000 | 1.77 |

use std::hint::black_box;
use std::time::Instant;

use cognito_srp_core::hazmat::{modpow_bytes, modpow_g_bytes};
use cognito_srp_core::{HexInteger, PasswordVerifier, ServerKey, hazmat};

/// Running mean and variance (Welford).
#[derive(Clone, Copy, Default)]
struct Moments {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Moments {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
    }

    fn variance(&self) -> f64 {
        if self.n < 2.0 {
            0.0
        } else {
            self.m2 / (self.n - 1.0)
        }
    }
}

/// Welch's t-test between the two classes.
#[derive(Clone, Copy, Default)]
struct TTest {
    classes: [Moments; 2],
}

impl TTest {
    fn push(&mut self, class: usize, x: f64) {
        self.classes[class].push(x);
    }

    fn n(&self) -> f64 {
        self.classes[0].n + self.classes[1].n
    }

    fn t(&self) -> f64 {
        let [a, b] = self.classes;
        if a.n < 2.0 || b.n < 2.0 {
            return 0.0;
        }
        let se = (a.variance() / a.n + b.variance() / b.n).sqrt();
        if se == 0.0 {
            0.0
        } else {
            (a.mean - b.mean) / se
        }
    }
}

const PERCENTILES: usize = 100;
/// dudect ignores a cropped test until it holds this many measurements.
const ENOUGH: f64 = 10_000.0;

/// The raw test and the tests cropped at upper percentiles.
struct Leakage {
    raw: TTest,
    thresholds: Vec<f64>,
    cropped: Vec<TTest>,
}

impl Leakage {
    /// Thresholds from a first batch: dudect's `1 − 0.5^(10·(i+1)/100)` percentiles.
    fn new(first: &[f64]) -> Self {
        let mut sorted = first.to_vec();
        sorted.sort_by(f64::total_cmp);
        let thresholds = (0..PERCENTILES)
            .map(|i| {
                let p = 1.0 - 0.5f64.powf(10.0 * (i + 1) as f64 / PERCENTILES as f64);
                sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
            })
            .collect();
        Leakage {
            raw: TTest::default(),
            thresholds,
            cropped: vec![TTest::default(); PERCENTILES],
        }
    }

    fn push(&mut self, class: usize, x: f64) {
        self.raw.push(class, x);
        for (t, test) in self.thresholds.iter().zip(self.cropped.iter_mut()) {
            if x < *t {
                test.push(class, x);
            }
        }
    }

    /// The largest |t| over the raw test and every cropped test with enough measurements.
    fn max_t(&self) -> (f64, &'static str) {
        let (t, test) = self.max_test();
        (
            t,
            if std::ptr::eq(test, &self.raw) {
                "raw"
            } else {
                "cropped"
            },
        )
    }

    /// The test with the largest |t| and that |t|.
    fn max_test(&self) -> (f64, &TTest) {
        let mut best = (self.raw.t().abs(), &self.raw);
        for test in &self.cropped {
            if test.n() >= ENOUGH && test.t().abs() > best.0 {
                best = (test.t().abs(), test);
            }
        }
        best
    }
}

/// splitmix64: class choice and random inputs (statistical quality is enough here).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = vec![0u8; n];
        self.fill(&mut v);
        v
    }
}

/// A path under test: makes a class-`c` input, then runs the operation on it.
trait Path {
    type Input;
    fn input(&mut self, class: usize, rng: &mut Rng) -> Self::Input;
    fn run(&self, input: &Self::Input);
}

/// An exponent of `len` bytes: class 0 is `00…01`.
fn zeroish(len: usize) -> Vec<u8> {
    let mut e = vec![0u8; len];
    e[len - 1] = 1;
    e
}

/// A random exponent of `len` bytes with exactly `weight` bits set.
fn low_weight(len: usize, weight: usize, rng: &mut Rng) -> Vec<u8> {
    let mut e = vec![0u8; len];
    let mut set = 0;
    while set < weight {
        let bit = (rng.next() % (8 * len as u64)) as usize;
        if e[bit / 8] & (1 << (bit % 8)) == 0 {
            e[bit / 8] |= 1 << (bit % 8);
            set += 1;
        }
    }
    e
}

struct FixedBase {
    len: usize,
}

impl Path for FixedBase {
    type Input = Vec<u8>;
    fn input(&mut self, class: usize, rng: &mut Rng) -> Vec<u8> {
        if class == 0 {
            zeroish(self.len)
        } else {
            rng.bytes(self.len)
        }
    }
    fn run(&self, e: &Vec<u8>) {
        black_box(modpow_g_bytes(black_box(e)));
    }
}

struct VariableBase {
    base: Vec<u8>,
    len: usize,
    low_weight: bool,
}

impl Path for VariableBase {
    type Input = Vec<u8>;
    fn input(&mut self, class: usize, rng: &mut Rng) -> Vec<u8> {
        match (class, self.low_weight) {
            (0, false) => zeroish(self.len),
            (0, true) => low_weight(self.len, 8, rng),
            _ => rng.bytes(self.len),
        }
    }
    fn run(&self, e: &Vec<u8>) {
        black_box(modpow_bytes(black_box(&self.base), black_box(e)));
    }
}

struct SecretBase {
    exponent: Vec<u8>,
}

impl Path for SecretBase {
    type Input = Vec<u8>;
    fn input(&mut self, class: usize, rng: &mut Rng) -> Vec<u8> {
        if class == 0 {
            let mut b = vec![0u8; 384];
            b[383] = 3;
            b
        } else {
            // A random 383-byte value is below N.
            let mut b = rng.bytes(384);
            b[0] = 0;
            b
        }
    }
    fn run(&self, base: &Vec<u8>) {
        black_box(modpow_bytes(black_box(base), black_box(&self.exponent)));
    }
}

struct Claim {
    key: ServerKey,
    block: Vec<u8>,
    genuine: [u8; 32],
    /// How the classes differ.
    mode: ClaimMode,
}

#[derive(Clone, Copy, PartialEq)]
enum ClaimMode {
    /// Class 0 right but for its last byte, class 1 random (the dudect fixed-vs-random test).
    PrefixVsRandom,
    /// Class 1 the genuine signature wrong in its first and last bytes: both classes send the same
    /// kind of string and differ only in how much of it matches the key.
    PrefixVsWrongFirst,
    /// Class 0 a fixed string unrelated to the key (last byte varying), class 1 random: the effect of
    /// the input's shape alone, with no relation to the secret.
    UnrelatedVsRandom,
}

const TIMESTAMP: &str = "Tue Nov 3 09:05:07 UTC 2026";

impl Claim {
    fn new(mode: ClaimMode) -> Self {
        let salt = HexInteger::parse_salt("-1b68bdb2a222c525d694bdb48a52e4e2").expect("valid salt");
        let x = hazmat::private_key(&salt, "AbCdEf123", "alice", b"Correct-Horse-Battery-9!");
        let v = PasswordVerifier::from_parts(salt, &hazmat::verifier_from_private_key(&x))
            .expect("verifier");
        let session = hazmat::server_session_from_secret(&[0xb5; 48], &v).expect("valid b");
        let a = hazmat::ephemeral_from_secret(&[0x5a; 48]).expect("valid a");
        let key = session.finish(a.srp_a()).expect("genuine A");
        let block = b"secret block".to_vec();
        // The genuine signature, as a client computes it.
        let genuine = hmac_sha256(
            &hazmat::server_key_bytes(&key),
            &[b"AbCdEf123", b"alice", &block, TIMESTAMP.as_bytes()],
        );
        let sig = hazmat::encode_base64(&genuine);
        key.verify_claim("AbCdEf123", "alice", &block, TIMESTAMP, &sig)
            .expect("the genuine claim verifies");
        Claim {
            key,
            block,
            genuine,
            mode,
        }
    }
}

impl Path for Claim {
    type Input = String;
    fn input(&mut self, class: usize, rng: &mut Rng) -> String {
        let mut sig = self.genuine;
        if class == 0 && self.mode == ClaimMode::UnrelatedVsRandom {
            for b in sig.iter_mut() {
                *b ^= 0x5a;
            }
            sig[31] ^= 1 + (rng.next() % 255) as u8;
        } else if class == 0 {
            // Right for 31 bytes, wrong in the last one.
            sig[31] ^= 1 + (rng.next() % 255) as u8;
        } else if self.mode == ClaimMode::PrefixVsWrongFirst {
            sig[0] ^= 0x80;
            sig[31] ^= 1 + (rng.next() % 255) as u8;
        } else {
            rng.fill(&mut sig);
            if sig == self.genuine {
                sig[0] ^= 1;
            }
        }
        hazmat::encode_base64(&sig)
    }
    fn run(&self, sig: &String) {
        let r = self.key.verify_claim(
            "AbCdEf123",
            "alice",
            black_box(&self.block),
            TIMESTAMP,
            black_box(sig),
        );
        assert!(black_box(r).is_err());
    }
}

/// The harness's own check: num-bigint's variable-time `modpow` on the S path's classes must show a
/// large |t| (run it with a few thousand measurements; it is not in the default list).
struct Control {
    base: num_bigint::BigUint,
    n: num_bigint::BigUint,
}

impl Path for Control {
    type Input = num_bigint::BigUint;
    fn input(&mut self, class: usize, rng: &mut Rng) -> num_bigint::BigUint {
        let e = if class == 0 {
            zeroish(65)
        } else {
            rng.bytes(65)
        };
        num_bigint::BigUint::from_bytes_be(&e)
    }
    fn run(&self, e: &num_bigint::BigUint) {
        black_box(black_box(&self.base).modpow(e, &self.n));
    }
}

/// HMAC-SHA256(key, parts…): the signature a client would send.
fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

const BATCH: usize = 1000;

/// Measures `path` `total` times and prints the leakage. With `CT_SAME_CLASS=1` both classes get
/// class-1 inputs: an A/A run that shows the harness's false-positive level on this machine.
fn measure<P: Path>(name: &str, mut path: P, total: usize, rng: &mut Rng) {
    let same_class = std::env::var_os("CT_SAME_CLASS").is_some_and(|v| v == "1");
    let started = Instant::now();
    let mut classes = Vec::with_capacity(BATCH);
    let mut inputs = Vec::with_capacity(BATCH);
    let mut times = Vec::with_capacity(BATCH);
    let mut leakage: Option<Leakage> = None;
    let mut warmup = Vec::new();
    let first = 10 * BATCH;
    let mut all: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut done = 0usize;
    let report_every = (total / 10).max(BATCH);
    let mut next_report = report_every;
    // Warm up: table building, caches, frequency.
    for _ in 0..BATCH.min(total) {
        let class = (rng.next() & 1) as usize;
        let input = path.input(if same_class { 1 } else { class }, rng);
        path.run(&input);
    }
    while done < total {
        let n = BATCH.min(total - done);
        classes.clear();
        inputs.clear();
        times.clear();
        for _ in 0..n {
            let class = (rng.next() & 1) as usize;
            classes.push(class);
            inputs.push(path.input(if same_class { 1 } else { class }, rng));
        }
        for input in &inputs {
            let t0 = Instant::now();
            path.run(input);
            times.push(t0.elapsed().as_nanos() as f64);
        }
        for (&c, &t) in classes.iter().zip(&times) {
            all[c].push(t);
        }
        if let Some(l) = &mut leakage {
            for (&c, &t) in classes.iter().zip(&times) {
                l.push(c, t);
            }
        } else {
            // The first measurements set the cropping thresholds (and are counted).
            warmup.extend(classes.iter().copied().zip(times.iter().copied()));
            if warmup.len() >= first || done + n >= total {
                let ts: Vec<f64> = warmup.iter().map(|&(_, t)| t).collect();
                let mut l = Leakage::new(&ts);
                for &(c, t) in &warmup {
                    l.push(c, t);
                }
                leakage = Some(l);
            }
        }
        done += n;
        if done >= next_report || done >= total {
            next_report += report_every;
            if let Some(l) = &leakage {
                let (t, which) = l.max_t();
                let [c0, c1] = l.raw.classes;
                println!(
                    "constant_time: {name}: {done} measurements, max |t| = {t:.2} ({which}), raw t = {:.2}, \
                     mean ns class0 {:.0} class1 {:.0}, {:.0} s",
                    l.raw.t(),
                    c0.mean,
                    c1.mean,
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
    let mut quantiles = String::new();
    for (c, v) in all.iter_mut().enumerate() {
        v.sort_by(f64::total_cmp);
        if !v.is_empty() {
            let q = |p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
            quantiles += &format!(
                " class{c}: n {} p10 {:.0} ns, median {:.0} ns;",
                v.len(),
                q(0.1),
                q(0.5)
            );
        }
    }
    println!("constant_time: {name}:{quantiles}");
    if let Some(l) = &leakage {
        let (t, test) = l.max_test();
        let [c0, c1] = test.classes;
        println!(
            "constant_time: {name}: largest |t| on {} measurements, class means {:.2} / {:.2} ns \
             (difference {:+.2} ns)",
            test.n(),
            c0.mean,
            c1.mean,
            c0.mean - c1.mean
        );
        let verdict = if t > 10.0 {
            "LEAK: timing depends on the class"
        } else if t > 4.5 {
            "inconclusive (above 4.5): rerun with more measurements on a quiet machine"
        } else {
            "no leak found"
        };
        println!("constant_time: {name}: RESULT {done} measurements, max |t| = {t:.2}: {verdict}");
    }
}

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
