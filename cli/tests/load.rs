//! `cognito-srp load --json`: the figures it prints are also written as one JSON object, with every
//! sign-in it started counted (a short run against a server in the same process).

mod support;

use std::process::Command;

use cognito_srp_test_support::temp_dir;
use serde_json::Value;
use support::BIN;

#[test]
fn load_writes_its_figures_as_json() {
    let dir = temp_dir("load-json");
    let path = dir.join("results").join("load.json");
    let out = Command::new(BIN)
        .args([
            "load",
            "--clients",
            "2",
            "--seconds",
            "0.5",
            "--latency-requests",
            "3",
        ])
        .arg("--json")
        .arg(&path)
        .output()
        .expect("run cognito-srp load");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("http (kept-alive): "), "{stdout}");

    let figures: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the JSON file")).unwrap();
    assert_eq!(figures["clients"], 2);
    assert_eq!(figures["server_in_process"], true);
    assert_eq!(figures["all_completed"], true);
    for phase in ["http", "in_process"] {
        let p = &figures[phase];
        assert_eq!(p["errors"], 0, "{phase}: {p}");
        assert_eq!(p["started"], p["completed"], "{phase}: {p}");
        assert!(p["completed"].as_u64().unwrap() > 0, "{phase}: {p}");
        let (p50, p99) = (p["p50_ms"].as_f64().unwrap(), p["p99_ms"].as_f64().unwrap());
        assert!(p50 > 0.0 && p50 <= p99, "{phase}: {p}");
    }
    // What a sign-in cannot cost less than, and one of its two signatures, measured in the same run.
    assert!(
        figures["srp_math_rounds"].as_u64().unwrap() > 0,
        "{figures}"
    );
    assert!(figures["srp_math_ms"].as_f64().unwrap() > 0.0, "{figures}");
    assert!(
        figures["rs256_signatures"].as_u64().unwrap() > 0,
        "{figures}"
    );
    assert_eq!(figures["initiate_auth"]["requests"], 3);
    assert!(figures["initiate_auth"]["kept_alive_ms"].as_f64().unwrap() > 0.0);
    std::fs::remove_dir_all(&dir).ok();
}
