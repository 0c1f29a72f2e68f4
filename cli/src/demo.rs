//! `cognito-srp demo`: the whole story in one process, no network. The embedded server gets the demo
//! pool; the same client code `login` uses talks to it directly (JSON in, JSON out).

use std::time::Instant;

use cognito_srp_core::{AppClient, DeviceCredentials, DevicePassword, Password, SrpAuthFlow};
use serde_json::Value;

use cognito_srp_server::config::{
    self, DEMO_CLIENT_ID, DEMO_PASSWORD, DEMO_POOL_ID, DEMO_USERNAME,
};
use cognito_srp_server::{INCORRECT, Server};

use crate::client::{LocalTransport, LoginError, SignIn, sign_in};

struct Run {
    start: Instant,
    passed: usize,
    failed: usize,
}

impl Run {
    fn step(&mut self, name: &str, f: impl FnOnce(&mut Vec<String>) -> Result<String, String>) {
        let t0 = Instant::now();
        let mut notes = Vec::new();
        let r = f(&mut notes);
        let took = t0.elapsed().as_secs_f64() * 1000.0;
        let at = self.start.elapsed().as_secs_f64() * 1000.0;
        match r {
            Ok(msg) => {
                self.passed += 1;
                println!("[{at:8.1} ms] ok    {name}: {msg} ({took:.1} ms)");
            }
            Err(msg) => {
                self.failed += 1;
                println!("[{at:8.1} ms] FAIL  {name}: {msg} ({took:.1} ms)");
            }
        }
        for n in notes {
            println!("{:>16}{n}", "");
        }
    }
}

fn claim<'a>(claims: &'a serde_json::Map<String, Value>, k: &str) -> &'a str {
    claims.get(k).and_then(Value::as_str).unwrap_or("")
}

/// Runs the demo; returns the process exit code (0 only when every step behaved as expected).
pub fn run() -> i32 {
    let mut run = Run {
        start: Instant::now(),
        passed: 0,
        failed: 0,
    };
    println!(
        "cognito-srp demo: an embedded Cognito SRP server and client in one process (no network)"
    );
    let mut server: Option<Server> = None;
    run.step("start server", |_| {
        let s = Server::new(config::demo(), "http://cognito-srp.demo")?;
        let msg = format!(
            "pool {DEMO_POOL_ID}, client {DEMO_CLIENT_ID}, user {DEMO_USERNAME} (alias alice@example.com); password turned into an SRP verifier and dropped; RSA-2048 token key kid={}",
            s.tokens().kid(DEMO_POOL_ID)
        );
        server = Some(s);
        Ok(msg)
    });
    let Some(server) = server else { return 1 };
    let t = LocalTransport(&server);
    let client = AppClient::new(DEMO_POOL_ID, DEMO_CLIENT_ID).expect("demo ids are valid");
    let password = Password::new(DEMO_PASSWORD).expect("short");
    let wrong = Password::new("not-the-password").expect("short");
    let mut device: Option<DeviceCredentials> = None;

    run.step("sign in with SRP", |notes| {
        let req = SignIn {
            client: &client,
            username: DEMO_USERNAME,
            password: &password,
            flow: SrpAuthFlow::UserSrpAuth,
            device: None,
            confirm_new_device: true,
            device_name: "cognito-srp demo",
        };
        let (outcome, creds) = sign_in(&t, &req, &mut |s| notes.push(s.to_owned())).map_err(|e| e.to_string())?;
        let access = outcome.result.access_token.as_deref().ok_or("no AccessToken")?;
        let id = outcome.result.id_token.as_deref().ok_or("no IdToken")?;
        let ac = server.tokens().verify(access).map_err(|e| format!("access token: {e:?}"))?;
        let ic = server.tokens().verify(id).map_err(|e| format!("id token: {e:?}"))?;
        if claim(&ac, "token_use") != "access" || claim(&ic, "token_use") != "id" || claim(&ic, "cognito:username") != DEMO_USERNAME || claim(&ic, "aud") != DEMO_CLIENT_ID {
            return Err("token claims are wrong".into());
        }
        if outcome.result.refresh_token.is_none() {
            return Err("no RefreshToken".into());
        }
        let key = outcome.confirmed_device.ok_or("no device was confirmed (no NewDeviceMetadata?)")?;
        device = creds;
        Ok(format!(
            "RS256 ID and access tokens verified (sub {}), RefreshToken issued, device {key} confirmed",
            claim(&ic, "sub")
        ))
    });

    let expect_refusal =
        |r: Result<_, LoginError>, notes: &mut Vec<String>| -> Result<String, String> {
            match r {
                Err(LoginError::Api(e))
                    if e.code == "NotAuthorizedException" && e.message == INCORRECT =>
                {
                    notes.push(format!("service answered {e}"));
                    Ok("refused with NotAuthorizedException, as expected".into())
                }
                Err(e) => Err(format!("unexpected error: {e}")),
                Ok(_) => Err("signed in, but it should have been refused".into()),
            }
        };

    run.step("wrong password is refused", |notes| {
        let req = SignIn {
            client: &client,
            username: DEMO_USERNAME,
            password: &wrong,
            flow: SrpAuthFlow::UserSrpAuth,
            device: None,
            confirm_new_device: false,
            device_name: "",
        };
        let r = sign_in(&t, &req, &mut |s| notes.push(s.to_owned()));
        expect_refusal(r, notes)
    });

    run.step("unknown user is refused the same way", |notes| {
        let req = SignIn {
            client: &client,
            username: "mallory",
            password: &password,
            flow: SrpAuthFlow::UserSrpAuth,
            device: None,
            confirm_new_device: false,
            device_name: "",
        };
        let r = sign_in(&t, &req, &mut |s| notes.push(s.to_owned()));
        expect_refusal(r, notes)
    });

    run.step("sign in again through DEVICE_SRP_AUTH", |notes| {
        let d = device.as_ref().ok_or("no device from the first sign-in")?;
        let before = server.stats().device_verified;
        let req = SignIn {
            client: &client,
            username: DEMO_USERNAME,
            password: &password,
            flow: SrpAuthFlow::UserSrpAuth,
            device: Some(d),
            confirm_new_device: true,
            device_name: "cognito-srp demo",
        };
        let (outcome, _) =
            sign_in(&t, &req, &mut |s| notes.push(s.to_owned())).map_err(|e| e.to_string())?;
        let access = outcome
            .result
            .access_token
            .as_deref()
            .ok_or("no AccessToken")?;
        let claims = server
            .tokens()
            .verify(access)
            .map_err(|e| format!("{e:?}"))?;
        if !outcome.used_device_srp || server.stats().device_verified != before + 1 {
            return Err("the device SRP exchange did not happen".into());
        }
        if claim(&claims, "device_key") != d.device_key() {
            return Err("access token lacks the device key".into());
        }
        if outcome.result.new_device_metadata.is_some() {
            return Err("a remembered device should not get NewDeviceMetadata".into());
        }
        Ok(format!(
            "server verified the device's claim; access token carries device_key {}",
            d.device_key()
        ))
    });

    run.step("wrong device secret is refused", |notes| {
        let d = device.as_ref().ok_or("no device from the first sign-in")?;
        let forged = DeviceCredentials::new(
            d.device_key(),
            d.device_group_key(),
            DevicePassword::new("forged-device-password").map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?;
        let req = SignIn {
            client: &client,
            username: DEMO_USERNAME,
            password: &password,
            flow: SrpAuthFlow::UserSrpAuth,
            device: Some(&forged),
            confirm_new_device: false,
            device_name: "",
        };
        let r = sign_in(&t, &req, &mut |s| notes.push(s.to_owned()));
        expect_refusal(r, notes)
    });

    run.step(
        "sign in by email alias with USER_AUTH (choice-based)",
        |notes| {
            let req = SignIn {
                client: &client,
                username: "alice@example.com",
                password: &password,
                flow: SrpAuthFlow::UserAuth,
                device: None,
                confirm_new_device: false,
                device_name: "",
            };
            let (outcome, _) =
                sign_in(&t, &req, &mut |s| notes.push(s.to_owned())).map_err(|e| match e {
                    LoginError::Api(a) => a.to_string(),
                    other => other.to_string(),
                })?;
            let access = outcome
                .result
                .access_token
                .as_deref()
                .ok_or("no AccessToken")?;
            let claims = server
                .tokens()
                .verify(access)
                .map_err(|e| format!("{e:?}"))?;
            if claim(&claims, "username") != DEMO_USERNAME {
                return Err("signed in as someone else".into());
            }
            Ok("USER_ID_FOR_SRP alice used for the proof, tokens issued".into())
        },
    );

    let stats = server.stats();
    println!(
        "server saw: {} password claims verified, {} device claims verified, {} refused, {} refused while locked out, {} devices confirmed",
        stats.password_verified,
        stats.device_verified,
        stats.refused,
        stats.locked_out,
        stats.devices_confirmed
    );
    println!("demo: {} passed, {} failed", run.passed, run.failed);
    i32::from(run.failed != 0)
}
