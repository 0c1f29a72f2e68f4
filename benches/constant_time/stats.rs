//! Welch's t-test between the two classes, raw and cropped at upper percentiles as in dudect.

/// Running mean and variance (Welford).
#[derive(Clone, Copy, Default)]
pub struct Moments {
    pub n: f64,
    pub mean: f64,
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
pub struct TTest {
    pub classes: [Moments; 2],
}

impl TTest {
    pub fn push(&mut self, class: usize, x: f64) {
        self.classes[class].push(x);
    }

    pub fn n(&self) -> f64 {
        self.classes[0].n + self.classes[1].n
    }

    pub fn t(&self) -> f64 {
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
pub struct Leakage {
    pub raw: TTest,
    thresholds: Vec<f64>,
    cropped: Vec<TTest>,
}

impl Leakage {
    /// Thresholds from a first batch: dudect's `1 − 0.5^(10·(i+1)/100)` percentiles.
    pub fn new(first: &[f64]) -> Self {
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

    pub fn push(&mut self, class: usize, x: f64) {
        self.raw.push(class, x);
        for (t, test) in self.thresholds.iter().zip(self.cropped.iter_mut()) {
            if x < *t {
                test.push(class, x);
            }
        }
    }

    /// The largest |t| over the raw test and every cropped test with enough measurements.
    pub fn max_t(&self) -> (f64, &'static str) {
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
    pub fn max_test(&self) -> (f64, &TTest) {
        let mut best = (self.raw.t().abs(), &self.raw);
        for test in &self.cropped {
            if test.n() >= ENOUGH && test.t().abs() > best.0 {
                best = (test.t().abs(), test);
            }
        }
        best
    }
}
