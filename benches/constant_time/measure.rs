//! The measuring loop: inputs of random classes timed in batches, the running t-tests, the report.

use std::time::Instant;

use crate::paths::Path;
use crate::rng::Rng;
use crate::stats::Leakage;

const BATCH: usize = 1000;

/// Measures `path` `total` times and prints the leakage. With `CT_SAME_CLASS=1` both classes get
/// class-1 inputs: an A/A run that shows the harness's false-positive level on this machine.
pub fn measure<P: Path>(name: &str, mut path: P, total: usize, rng: &mut Rng) {
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
