use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use super::schema::{APPLICATION_ID, SCHEMA_VERSION};
use super::*;
use crate::config::{ClientConfig, Config, PoolConfig, UserConfig};
use crate::service::{Server, lock};

const POOL: &str = "us-east-1_State1";

fn temp_file(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "cognito-srp-state-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn config(path: &Path) -> Config {
    let mut pool = PoolConfig::new(POOL);
    pool.alias_attributes = vec!["email".into()];
    let mut client = ClientConfig::new("web");
    client.secret = Some("client-secret-1".into());
    pool.clients.push(client);
    let mut bob = UserConfig::new("bob", "Bob-Pass-1");
    bob.attributes
        .insert("email".into(), "bob@example.com".into());
    bob.mfa = vec!["SOFTWARE_TOKEN_MFA".into()];
    bob.totp_secret = Some("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".to_owned().into());
    pool.users.push(bob);
    Config {
        pools: vec![pool],
        state_file: Some(path.to_owned()),
        ..Config::default()
    }
}

fn salt_of(s: &Server, name: &str) -> String {
    let dir = s.directory();
    dir.pools[POOL].users[name].verifier.salt().to_signed_hex()
}

#[test]
fn a_restart_serves_the_same_pools_users_origins_and_keys() {
    let path = temp_file("state.db");
    let (salt, kid, refresh, revoked, carol_salt) = {
        let s = Server::new(config(&path), "http://x").unwrap();
        s.add_user(POOL, UserConfig::new("carol", "Carol-Pass-1"))
            .unwrap();
        // A device with a verifier, MFA state and an origin, as sign-in and ConfirmDevice leave them.
        {
            let mut dir = s.directory_mut();
            let pool = dir.pools.get_mut(POOL).unwrap();
            let carol = pool.users.get_mut("carol").unwrap();
            let (key, _) = carol.new_device("us-east-1", 5.0);
            let v = carol.verifier.clone();
            let d = carol.devices.get_mut(&key).unwrap();
            d.verifier = Some(v);
            d.remembered = true;
            carol.mfa.last_step = Some(1234);
        }
        let (_, refresh) = lock(&s.grants).issue(POOL, "web", "carol", None, 10, i64::MAX);
        let (_, revoked) = lock(&s.grants).issue(POOL, "web", "carol", None, 10, i64::MAX);
        assert!(lock(&s.grants).revoke(&revoked, "web"));
        let kid = s.tokens.kid(POOL);
        s.persist().unwrap();
        (
            salt_of(&s, "bob"),
            kid,
            refresh,
            revoked,
            salt_of(&s, "carol"),
        )
    };
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    let s = Server::new(config(&path), "http://x").unwrap();
    assert_eq!(salt_of(&s, "bob"), salt);
    assert_eq!(salt_of(&s, "carol"), carol_salt);
    assert_eq!(s.tokens.kid(POOL), kid);
    {
        let dir = s.directory();
        let pool = &dir.pools[POOL];
        assert_eq!(pool.resolve("bob@example.com").unwrap().username, "bob");
        let bob = &pool.users["bob"];
        assert_eq!(
            bob.mfa.totp.as_deref().map(Vec::as_slice),
            Some(&b"12345678901234567890"[..])
        );
        let carol = &pool.users["carol"];
        assert_eq!(carol.mfa.last_step, Some(1234));
        let device = carol.devices.values().next().unwrap();
        assert!(device.remembered);
        assert_eq!(
            device.verifier.as_ref().unwrap().verifier_bytes(),
            carol.verifier.verifier_bytes()
        );
        assert!(dir.clients["web"].secret.is_some());
    }
    let grants = lock(&s.grants);
    assert_eq!(
        grants
            .by_refresh_token(&refresh, "web", 11)
            .unwrap()
            .1
            .username,
        "carol"
    );
    assert!(grants.by_refresh_token(&revoked, "web", 11).is_none());
}

#[test]
fn every_answered_change_is_in_the_file_and_deletions_too() {
    let path = temp_file("ops.db");
    {
        let s = Server::new(config(&path), "http://x").unwrap();
        s.dispatch(
            "AdminCreateUser",
            &json!({"UserPoolId": POOL, "Username": "dave", "TemporaryPassword": "Dave-Pass-1!"}),
        )
        .unwrap();
        s.dispatch(
            "AdminDeleteUser",
            &json!({"UserPoolId": POOL, "Username": "bob"}),
        )
        .unwrap();
        s.dispatch("CreateUserPool", &json!({"PoolName": "second"}))
            .unwrap();
    }
    let s = Server::new(
        Config {
            state_file: Some(path.clone()),
            ..Config::default()
        },
        "http://x",
    )
    .unwrap();
    let dir = s.directory();
    assert_eq!(dir.pools.len(), 2);
    let pool = &dir.pools[POOL];
    assert!(pool.users.contains_key("dave"));
    assert!(!pool.users.contains_key("bob"));
    assert!(pool.resolve("bob@example.com").is_none());
}

#[test]
fn a_pool_deleted_and_made_again_keeps_none_of_the_old_users() {
    let path = temp_file("again.db");
    let s = Server::new(config(&path), "http://x").unwrap();
    assert!(s.directory().pools[POOL].users.contains_key("bob"));
    {
        let mut dir = s.directory_mut();
        dir.pools.remove(POOL);
        let fresh = Directory::from_config(vec![PoolConfig::new(POOL)]).unwrap();
        dir.merge(fresh).unwrap();
    }
    s.persist().unwrap();
    drop(s);
    let s = Server::new(
        Config {
            state_file: Some(path),
            ..Config::default()
        },
        "http://x",
    )
    .unwrap();
    assert!(s.directory().pools[POOL].users.is_empty());
}

/// Opens `path` and returns the error, checking the file's bytes did not change.
fn refused(path: &Path) -> String {
    let before = std::fs::read(path).unwrap();
    let err = Server::new(config(path), "http://x").unwrap_err();
    assert_eq!(std::fs::read(path).unwrap(), before, "{err}");
    err
}

#[test]
fn foreign_newer_and_damaged_files_are_refused_unchanged() {
    let text = temp_file("notes.txt");
    std::fs::write(&text, "just some notes\n").unwrap();
    let e = refused(&text);
    assert!(e.contains("not a cognito-srp state file"), "{e}");

    let other = temp_file("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let e = refused(&other);
    assert!(
        e.contains("not a cognito-srp state file (an SQLite database with application_id 0x0)"),
        "{e}"
    );

    let newer = temp_file("newer.db");
    drop(Server::new(config(&newer), "http://x").unwrap());
    let c = Connection::open(&newer).unwrap();
    c.execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1))
        .unwrap();
    c.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
        .unwrap();
    drop(c);
    let e = refused(&newer);
    assert!(
        e.contains("written by a newer cognito-srp (state schema 2"),
        "{e}"
    );

    let truncated = temp_file("truncated.db");
    drop(Server::new(config(&truncated), "http://x").unwrap());
    let bytes = std::fs::read(&truncated).unwrap();
    assert!(bytes.len() > 4096, "{}", bytes.len());
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let e = refused(&truncated);
    assert!(e.contains("damaged"), "{e}");

    let cut_header = temp_file("header.db");
    std::fs::write(&cut_header, &bytes[..10]).unwrap();
    let e = refused(&cut_header);
    assert!(e.contains("not a cognito-srp state file"), "{e}");
    assert_eq!(APPLICATION_ID, 0x4353_5250);
}
