//! Known-answer tests: every case of every JSON vector file, every `expected` field.
//!
//! Files: every `*.json` in `test-vectors/` (produced by the generator that runs the official client),
//! plus the file named by `COGNITO_SRP_VECTORS` when set. One line per file:
//! `vectors: <file>: <N> checked, <M> failed`.

mod common;

use common::StartDevice;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cognito_srp_core::hazmat::{decode_base64, hex_lower, pad_unsigned, to_hex};
use cognito_srp_core::{
    AppClient, ClientSecret, DevicePasswordVerifierChallenge, Error, HexInteger, Password,
    PasswordVerifier, PasswordVerifierChallenge, SrpAuthFlow, Timestamp, hazmat, secret_hash,
};
use serde_json::Value;

type Outcome = Result<(), String>;

fn s<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("missing string field {key}"))
}

fn unhex(text: &str) -> Result<Vec<u8>, String> {
    let t = if text.len() % 2 == 1 {
        format!("0{text}")
    } else {
        text.to_owned()
    };
    (0..t.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&t[i..i + 2], 16).map_err(|e| format!("bad hex in vector: {e}"))
        })
        .collect()
}

fn string_map(v: &Value) -> Result<HashMap<String, String>, String> {
    let obj = v.as_object().ok_or("expected an object of strings")?;
    obj.iter()
        .map(|(k, v)| {
            Ok((
                k.clone(),
                v.as_str().ok_or(format!("{k} is not a string"))?.to_owned(),
            ))
        })
        .collect()
}

fn eq<T: PartialEq + std::fmt::Debug>(field: &str, got: T, want: T) -> Outcome {
    if got == want {
        Ok(())
    } else {
        Err(format!("{field}: got {got:?}, want {want:?}"))
    }
}

fn timestamp(iso: &str) -> Result<Timestamp, String> {
    let t =
        chrono::DateTime::parse_from_rfc3339(iso).map_err(|e| format!("bad date {iso}: {e}"))?;
    Ok(Timestamp::from_datetime(&t))
}

fn client(input: &Value) -> Result<AppClient, String> {
    let mut c =
        AppClient::new(s(input, "pool_id")?, s(input, "client_id")?).map_err(|e| e.to_string())?;
    if let Some(secret) = input.get("client_secret").and_then(Value::as_str) {
        c = c.with_secret(ClientSecret::new(secret).map_err(|e| e.to_string())?);
    }
    Ok(c)
}

/// Checks the fields a client trace shares between user and device SRP; returns the keys it handled.
fn check_trace(
    expected: &Value,
    trace: &hazmat::SrpTrace,
    srp_a: &str,
    key: &str,
) -> Result<Vec<&'static str>, String> {
    let checks: Vec<(&'static str, Value)> = vec![
        ("A", Value::from(srp_a)),
        ("A_padhex", Value::from(hex_lower(&trace.a_padded))),
        ("B_padhex", Value::from(hex_lower(&trace.b_padded))),
        ("salt_padhex", Value::from(hex_lower(&trace.salt_padded))),
        ("u", Value::from(to_hex(&trace.u))),
        ("u_padhex", Value::from(hex_lower(&pad_unsigned(&trace.u)))),
        (
            "userpass_hash",
            Value::from(hex_lower(&trace.credentials_hash)),
        ),
        ("x", Value::from(to_hex(&trace.x))),
        (
            "B_minus_kgx_negative",
            Value::from(trace.b_minus_kgx_negative),
        ),
        ("S", Value::from(to_hex(&trace.premaster))),
        (
            "S_padhex",
            Value::from(hex_lower(&pad_unsigned(&trace.premaster))),
        ),
        ("hkdf", Value::from(key)),
        ("timestamp", Value::from(trace.response.timestamp())),
        (
            "password_claim_signature",
            Value::from(trace.response.signature()),
        ),
    ];
    let mut handled = Vec::new();
    for (name, got) in checks {
        let want = expected
            .get(name)
            .ok_or(format!("expected.{name} missing"))?;
        eq(name, &got, want)?;
        handled.push(name);
    }
    Ok(handled)
}

fn check_unknown(expected: &Value, handled: &[&str]) -> Outcome {
    let obj = expected.as_object().ok_or("expected is not an object")?;
    for k in obj.keys() {
        if !handled.contains(&k.as_str()) {
            return Err(format!("expected.{k} is not understood by this harness"));
        }
    }
    Ok(())
}

/// The server side of a case. Independently of this crate (num-bigint): (A·v^u)^b mod N must equal the
/// client's S. Through this crate's server: B from (b, v) must be the challenge's B mod N, and when the
/// case's B is reduced the server's key must equal the client's (a server that sends an unreduced B hashes
/// it unreduced, which this crate's server never does).
fn check_server(
    case: &Value,
    salt: &str,
    srp_b: &str,
    srp_a: &str,
    trace: &hazmat::SrpTrace,
) -> Outcome {
    let Some(server) = case.get("server") else {
        return Ok(());
    };
    {
        use num_bigint::BigUint;
        let n = BigUint::from_bytes_be(&cognito_srp_core::group::n_bytes());
        let a = BigUint::parse_bytes(srp_a.as_bytes(), 16).ok_or("bad A")?;
        let v = BigUint::parse_bytes(s(server, "v")?.as_bytes(), 16).ok_or("bad v")?;
        let b = BigUint::parse_bytes(s(server, "b")?.as_bytes(), 16).ok_or("bad b")?;
        let u = BigUint::from_bytes_be(&trace.u);
        let s_server = (a * v.modpow(&u, &n) % &n).modpow(&b, &n);
        let same = s_server == BigUint::from_bytes_be(&trace.premaster);
        let want = server
            .get("server_S_equals_client_S")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        eq("server_S_equals_client_S (num-bigint)", same, want)?;
    }
    let salt = hazmat::parse_hex("SALT", salt, 1024, true).map_err(|e| e.to_string())?;
    let verifier =
        PasswordVerifier::from_parts(salt, &unhex(s(server, "v")?)?).map_err(|e| e.to_string())?;
    let session = hazmat::server_session_from_secret(&unhex(s(server, "b")?)?, &verifier)
        .map_err(|e| e.to_string())?;
    let reduced = server
        .get("B_reduced_mod_N")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let b_mod_n = hazmat::modpow_bytes(&unhex(srp_b)?, &[1]).ok_or("B too long")?;
    eq("server B mod N", session.srp_b(), to_hex(&b_mod_n).as_str())?;
    if reduced {
        let key = session
            .finish(srp_a)
            .map_err(|e| format!("server finish: {e}"))?;
        eq(
            "server key",
            hex_lower(&hazmat::server_key_bytes(&key)),
            hex_lower(&trace.key),
        )?;
    }
    for k in server.as_object().ok_or("server is not an object")?.keys() {
        if !["b", "v", "B_reduced_mod_N", "server_S_equals_client_S"].contains(&k.as_str()) {
            return Err(format!("server.{k} is not understood by this harness"));
        }
    }
    Ok(())
}

fn user_srp(case: &Value) -> Outcome {
    let input = &case["input"];
    let expected = &case["expected"];
    let c = client(input)?;
    eq("pool_name", c.pool().pool_name(), s(input, "pool_name")?)?;
    let flow = match input.get("auth_flow").and_then(Value::as_str) {
        None | Some("USER_SRP_AUTH") => SrpAuthFlow::UserSrpAuth,
        Some("CUSTOM_AUTH") => SrpAuthFlow::CustomAuth,
        Some("USER_AUTH") => SrpAuthFlow::UserAuth,
        Some(other) => return Err(format!("unknown auth_flow {other}")),
    };
    let eph =
        hazmat::ephemeral_from_secret(&unhex(s(input, "small_a")?)?).map_err(|e| e.to_string())?;
    let mut login = c
        .start_user_srp_with(s(input, "request_username")?, eph)
        .map_err(|e| e.to_string())?;
    if let Some(device_key) = input.get("device_key").and_then(Value::as_str) {
        login = login
            .with_device_key(device_key)
            .map_err(|e| e.to_string())?;
    }
    let srp_a = login.srp_a().to_owned();
    eq(
        "initiate_auth_parameters",
        login.initiate_auth_parameters(flow),
        string_map(&expected["initiate_auth_parameters"])?,
    )?;
    let params = string_map(&input["challenge_parameters"])?;
    let challenge =
        PasswordVerifierChallenge::from_parameters(&params).map_err(|e| e.to_string())?;
    let password = Password::new(s(input, "password")?).map_err(|e| e.to_string())?;
    let ts = timestamp(s(input, "now_iso")?)?;
    let trace =
        hazmat::user_srp_trace(login, &challenge, &password, &ts).map_err(|e| e.to_string())?;
    let key = hex_lower(&trace.key);
    let mut handled = check_trace(expected, &trace, &srp_a, &key)?;
    eq(
        "challenge_responses",
        trace.response.clone().into_parameters(),
        string_map(&expected["challenge_responses"])?,
    )?;
    handled.extend(["initiate_auth_parameters", "challenge_responses"]);
    check_unknown(expected, &handled)?;

    // The map-in / map-out path gives the same responses as the typed one.
    let eph =
        hazmat::ephemeral_from_secret(&unhex(s(input, "small_a")?)?).map_err(|e| e.to_string())?;
    let mut again = c
        .start_user_srp_with(s(input, "request_username")?, eph)
        .map_err(|e| e.to_string())?;
    if let Some(device_key) = input.get("device_key").and_then(Value::as_str) {
        again = again
            .with_device_key(device_key)
            .map_err(|e| e.to_string())?;
    }
    eq(
        "respond map",
        again
            .respond(&params, &password, &ts)
            .map_err(|e| e.to_string())?,
        string_map(&expected["challenge_responses"])?,
    )?;

    check_server(case, &params["SALT"], &params["SRP_B"], &srp_a, &trace)
}

fn device_verifier(case: &Value) -> Outcome {
    let input = &case["input"];
    let expected = &case["expected"];
    let pw: [u8; 40] = unhex(s(input, "random_password_bytes")?)?
        .try_into()
        .map_err(|_| "password bytes")?;
    let salt: [u8; 16] = unhex(s(input, "random_salt_bytes")?)?
        .try_into()
        .map_err(|_| "salt bytes")?;
    let (key, group) = (s(input, "device_key")?, s(input, "device_group_key")?);
    let (creds, config) =
        hazmat::confirm_device_from_random(key, group, &pw, &salt).map_err(|e| e.to_string())?;
    eq(
        "random_password",
        creds.password().expose_secret(),
        s(expected, "random_password")?,
    )?;
    let salt_bytes = decode_base64("Salt", config.salt(), 1024).map_err(|e| e.to_string())?;
    eq(
        "salt_hex",
        hex_lower(&salt_bytes).as_str(),
        s(expected, "salt_hex")?,
    )?;
    let x = hazmat::private_key(
        &HexInteger::from_unsigned_bytes(&salt_bytes),
        group,
        key,
        creds.password().expose_secret().as_bytes(),
    );
    eq("x", to_hex(&x).as_str(), s(expected, "x")?)?;
    let verifier = decode_base64("PasswordVerifier", config.password_verifier(), 1024)
        .map_err(|e| e.to_string())?;
    eq(
        "verifier_hex",
        hex_lower(&verifier).as_str(),
        s(expected, "verifier_hex")?,
    )?;
    let request = serde_json::json!({
        "DeviceKey": creds.device_key(),
        "DeviceSecretVerifierConfig": { "Salt": config.salt(), "PasswordVerifier": config.password_verifier() },
    });
    eq(
        "confirm_device_request",
        &request,
        &expected["confirm_device_request"],
    )?;
    check_unknown(
        expected,
        &[
            "random_password",
            "salt_hex",
            "x",
            "verifier_hex",
            "confirm_device_request",
        ],
    )
}

fn device_srp(case: &Value) -> Outcome {
    let input = &case["input"];
    let expected = &case["expected"];
    let c = client(input)?;
    let creds = common::device_credentials(
        s(input, "device_key")?,
        s(input, "device_group_key")?,
        s(input, "device_password")?.to_owned(),
    )
    .map_err(|e| e.to_string())?;
    let eph =
        hazmat::ephemeral_from_secret(&unhex(s(input, "small_a")?)?).map_err(|e| e.to_string())?;
    let login = c
        .start_device_srp_with(s(input, "username")?, &creds, eph)
        .map_err(|e| e.to_string())?;
    let srp_a = login.srp_a().to_owned();
    eq(
        "device_srp_auth_responses",
        login.device_srp_auth_responses(),
        string_map(&expected["device_srp_auth_responses"])?,
    )?;
    let params = string_map(&input["challenge_parameters"])?;
    let challenge =
        DevicePasswordVerifierChallenge::from_parameters(&params).map_err(|e| e.to_string())?;
    let ts = timestamp(s(input, "now_iso")?)?;
    let trace = hazmat::device_srp_trace(login, &challenge, &ts).map_err(|e| e.to_string())?;
    let key = hex_lower(&trace.key);
    let mut handled = check_trace(expected, &trace, &srp_a, &key)?;
    eq(
        "challenge_responses",
        trace.response.clone().into_parameters(),
        string_map(&expected["challenge_responses"])?,
    )?;
    handled.extend(["device_srp_auth_responses", "challenge_responses"]);
    check_unknown(expected, &handled)?;
    check_server(case, &params["SALT"], &params["SRP_B"], &srp_a, &trace)
}

fn secret_hash_case(case: &Value) -> Outcome {
    let input = &case["input"];
    let got = secret_hash(
        s(input, "client_secret")?,
        s(input, "username")?,
        s(input, "client_id")?,
    );
    eq(
        "secret_hash",
        got.as_str(),
        s(&case["expected"], "secret_hash")?,
    )?;
    check_unknown(&case["expected"], &["secret_hash"])
}

fn timestamp_case(case: &Value) -> Outcome {
    let input = &case["input"];
    let source = input
        .get("date_source")
        .and_then(Value::as_str)
        .unwrap_or(s(input, "date_iso")?);
    let want = s(&case["expected"], "timestamp")?;
    eq("timestamp", timestamp(source)?.as_str(), want)?;
    // The server-side parser accepts exactly this form back.
    eq(
        "parse",
        Timestamp::parse(want).map(|t| t.as_str().to_owned()),
        Ok(want.to_owned()),
    )?;
    check_unknown(&case["expected"], &["timestamp"])
}

fn reject_case(case: &Value) -> Outcome {
    let expected = &case["expected"];
    eq(
        "must_reject",
        expected.get("must_reject").and_then(Value::as_bool),
        Some(true),
    )?;
    let input = &case["input"];
    match s(case, "kind")? {
        "server_B_zero_mod_N" => {
            let c = AppClient::new(s(input, "pool_id")?, "client").map_err(|e| e.to_string())?;
            let eph = hazmat::ephemeral_from_secret(&unhex(s(input, "small_a")?)?)
                .map_err(|e| e.to_string())?;
            let login = c
                .start_user_srp_with(s(input, "user_id_for_srp")?, eph)
                .map_err(|e| e.to_string())?;
            let params: HashMap<String, String> = [
                ("SALT", s(input, "salt")?),
                ("SRP_B", s(input, "SRP_B")?),
                ("SECRET_BLOCK", "AAAA"),
                ("USER_ID_FOR_SRP", s(input, "user_id_for_srp")?),
                ("USERNAME", s(input, "user_id_for_srp")?),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
            let password = Password::new(s(input, "password")?).map_err(|e| e.to_string())?;
            let ts = timestamp("2026-01-01T00:00:00Z")?;
            eq(
                "error",
                login.respond(&params, &password, &ts).err(),
                Some(Error::ServerPublicZero),
            )
        }
        "A_zero_mod_N" => {
            let verifier =
                PasswordVerifier::from_parts(HexInteger::from_unsigned_bytes(&[1]), &[4])
                    .map_err(|e| e.to_string())?;
            let session = hazmat::server_session_from_secret(&[7; 48], &verifier)
                .map_err(|e| e.to_string())?;
            eq(
                "error",
                session.finish(s(input, "SRP_A")?).err(),
                Some(Error::ClientPublicZero),
            )
        }
        "u_zero" => {
            // No input can produce u = 0 (it needs a SHA-256 preimage of zero): force it through hazmat.
            let c = AppClient::new("us-east-1_Pool", "client").map_err(|e| e.to_string())?;
            let login = c
                .start_user_srp_with(
                    "alice",
                    hazmat::ephemeral_from_secret(&[9; 32]).map_err(|e| e.to_string())?,
                )
                .map_err(|e| e.to_string())?;
            let params: HashMap<String, String> = [
                ("SALT", "ab"),
                ("SRP_B", "1234"),
                ("SECRET_BLOCK", "AAAA"),
                ("USER_ID_FOR_SRP", "alice"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
            let challenge =
                PasswordVerifierChallenge::from_parameters(&params).map_err(|e| e.to_string())?;
            let password = Password::new("pw").map_err(|e| e.to_string())?;
            let ts = timestamp("2026-01-01T00:00:00Z")?;
            eq(
                "error",
                hazmat::user_srp_respond_with_scrambler(login, &challenge, &password, &ts, [0; 32])
                    .err(),
                Some(Error::ScramblerZero),
            )
        }
        other => Err(format!("unknown reject kind {other}")),
    }
}

fn group_case(group: &Value) -> Outcome {
    let n = cognito_srp_core::group::n_bytes();
    eq("N", to_hex(&n).as_str(), s(group, "N")?)?;
    eq(
        "N_padhex",
        hex_lower(&pad_unsigned(&n)).as_str(),
        s(group, "N_padhex")?,
    )?;
    eq("g", "2", s(group, "g")?)?;
    eq(
        "g_padhex",
        hex_lower(&pad_unsigned(&[cognito_srp_core::group::G])).as_str(),
        s(group, "g_padhex")?,
    )?;
    eq(
        "k",
        hex_lower(&cognito_srp_core::group::K).as_str(),
        s(group, "k")?,
    )?;
    eq(
        "hkdf_info",
        r"Caldera Derived Key\x01",
        s(group, "hkdf_info")?,
    )?;
    Ok(())
}

/// Runs one file; returns (checked, failures).
fn run_file(path: &Path) -> (usize, Vec<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return (0, vec![format!("cannot read: {e}")]),
    };
    let doc: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return (0, vec![format!("not JSON: {e}")]),
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    let Some(obj) = doc.as_object() else {
        return (0, vec!["top level is not an object".into()]);
    };
    for (section, content) in obj {
        let runner: fn(&Value) -> Outcome = match section.as_str() {
            "meta" => continue,
            "group" => {
                checked += 1;
                if let Err(e) = group_case(content) {
                    failures.push(format!("group: {e}"));
                }
                continue;
            }
            "user_srp" => user_srp,
            "device_verifier" => device_verifier,
            "device_srp" => device_srp,
            "secret_hash" => secret_hash_case,
            "timestamps" => timestamp_case,
            "reject" => reject_case,
            other => {
                failures.push(format!("section {other} is not understood by this harness"));
                continue;
            }
        };
        let Some(cases) = content.as_array() else {
            failures.push(format!("section {section} is not a list"));
            continue;
        };
        checked += cases.len();
        for (case, outcome) in cases.iter().zip(run_all(runner, cases)) {
            let id = case.get("id").and_then(Value::as_str).unwrap_or("?");
            if let Err(e) = outcome {
                failures.push(format!("{section}/{id}: {e}"));
            }
        }
    }
    (checked, failures)
}

/// Runs `runner` on every case, spread over the machine's cores (each case is independent; emulated
/// targets take minutes single-threaded). The outcomes come back in the cases' order.
fn run_all(runner: fn(&Value) -> Outcome, cases: &[Value]) -> Vec<Outcome> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let mut outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(cases.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(case) = cases.get(i) else {
                            return done;
                        };
                        done.push((i, runner(case)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a vector case panicked"))
            .collect()
    });
    outcomes.sort_by_key(|(i, _)| *i);
    assert_eq!(outcomes.len(), cases.len(), "every case ran once");
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn known_answers() {
    let mut files = vector_files();
    let mut all_failures = Vec::new();
    if files.is_empty() {
        all_failures.push("no vector files in test-vectors/".to_owned());
    }
    if let Some(extra) = std::env::var_os("COGNITO_SRP_VECTORS") {
        files.push(PathBuf::from(extra));
    }
    for file in &files {
        let (checked, failures) = run_file(file);
        println!(
            "vectors: {}: {} checked, {} failed",
            file.display(),
            checked,
            failures.len()
        );
        for f in &failures {
            println!("  FAIL {f}");
        }
        if checked == 0 && failures.is_empty() {
            all_failures.push(format!("{}: no cases", file.display()));
        }
        all_failures.extend(
            failures
                .into_iter()
                .map(|f| format!("{}: {f}", file.display())),
        );
    }
    assert!(
        all_failures.is_empty(),
        "{} failures:\n{}",
        all_failures.len(),
        all_failures.join("\n")
    );
}
