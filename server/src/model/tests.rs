//! Unit tests of the model: pools, users, aliases, stand-ins, devices and clients.

use super::*;

fn pool() -> Pool {
    let mut pc = PoolConfig::new("us-east-1_Model1");
    pc.alias_attributes = vec!["email".into()];
    pc.salt_sign = SaltSign::Negative;
    let mut p = Pool::new(&pc).unwrap();
    let mut u = UserConfig::new("bob", "Bob-Pass-1");
    u.attributes
        .insert("email".into(), "bob@example.com".into());
    p.add_user(u).unwrap();
    p
}

#[test]
fn resolve_by_name_and_alias() {
    let p = pool();
    assert_eq!(p.resolve("bob").unwrap().username, "bob");
    assert_eq!(p.resolve("bob@example.com").unwrap().username, "bob");
    assert!(p.resolve("carol").is_none());
    assert!(p.users["bob"].verifier.salt().is_negative());
}

#[test]
fn alias_values_are_unique_at_load() {
    let mut p = pool();
    let mut u = UserConfig::new("carol", "pw");
    u.attributes
        .insert("email".into(), "bob@example.com".into());
    let e = p.add_user(u).unwrap_err();
    assert!(e.contains("already used"), "{e}");
    assert!(
        p.add_user(UserConfig::new("bob", "pw"))
            .unwrap_err()
            .contains("twice")
    );
}

#[test]
fn stand_in_is_stable_and_shares_the_pool_verifier() {
    let p = pool();
    let a = p.stand_in("mallory");
    let b = p.stand_in("mallory");
    let c = p.stand_in("trent");
    assert_eq!(a.user_id, "mallory");
    assert_eq!(a.verifier.salt(), b.verifier.salt());
    assert_ne!(a.verifier.salt(), c.verifier.salt());
    assert_eq!(a.verifier.verifier_bytes(), c.verifier.verifier_bytes());
    assert!(a.verifier.salt().is_negative());
    // An unknown alias gets an id in the shape of the pool's only username (bob: three letters),
    // stable, with the salt the id itself gets.
    let alias = p.stand_in("nobody@example.com");
    assert_ne!(alias.user_id, "bob");
    assert_eq!(alias.user_id.len(), 3);
    assert!(alias.user_id.bytes().all(|b| b.is_ascii_lowercase()));
    assert_eq!(alias.user_id, p.stand_in("nobody@example.com").user_id);
    assert_eq!(
        alias.verifier.salt(),
        p.stand_in(&alias.user_id).verifier.salt()
    );
}

#[test]
fn eviction_drops_the_oldest_unconfirmed_device_first() {
    let mut p = pool();
    let u = p.users.get_mut("bob").unwrap();
    let mut keys = Vec::new();
    for i in 0..MAX_DEVICES_PER_USER {
        keys.push(u.new_device("us-east-1", i as f64).0);
    }
    // Confirm the oldest one: the oldest unconfirmed (the second) goes first.
    u.devices.get_mut(&keys[0]).unwrap().verifier = Some(u.verifier.clone());
    u.new_device("us-east-1", 1000.0);
    assert_eq!(u.devices.len(), MAX_DEVICES_PER_USER);
    assert!(u.devices.contains_key(&keys[0]));
    assert!(!u.devices.contains_key(&keys[1]));
    assert!(u.devices.contains_key(&keys[2]));
}

#[test]
fn clients_take_the_pool_default_unless_set() {
    let mut d = Directory::default();
    let mut pc = PoolConfig::new("us-east-1_Model2");
    pc.prevent_user_existence_errors = false;
    pc.clients.push(ClientConfig::new("a"));
    let mut b = ClientConfig::new("b");
    b.prevent_user_existence_errors = Some(true);
    pc.clients.push(b);
    d.add_pool(pc).unwrap();
    assert!(!d.clients["a"].prevent_user_existence_errors);
    assert!(d.clients["b"].prevent_user_existence_errors);
    let mut bad = ClientConfig::new("c");
    bad.auth_flows = Some(vec!["ALLOW_PASSKEY_AUTH".into()]);
    assert!(d.add_client("us-east-1_Model2", bad).is_err());
}

#[test]
fn adding_users_changes_no_stand_in_id() {
    let mut p = pool();
    p.add_user(UserConfig::new("Carol_99", "pw")).unwrap();
    let mut pc = PoolConfig::new("us-east-1_Model3");
    pc.alias_attributes = vec!["email".into(), "phone_number".into()];
    pc.users = ["alice", "Bob-7", "c.d", "Eve_2000", "frank99x"]
        .into_iter()
        .map(|u| UserConfig::new(u, "pw"))
        .collect();
    let mut d = Directory::default();
    d.add_pool(pc).unwrap();
    let mut built = d.pools.remove("us-east-1_Model3").unwrap();
    for p in [&mut p, &mut built] {
        let names = ["nobody@example.com", "+15550100", "x@y.z", "someone"];
        let before: Vec<(String, String)> = names
            .iter()
            .map(|n| {
                let s = p.stand_in(n);
                (s.user_id, s.verifier.salt().to_signed_hex())
            })
            .collect();
        // Names of every length, so a template chosen among all users would change.
        for i in 0..40 {
            let name = format!("{}{i}", "u".repeat(i % 13 + 1));
            p.add_user(UserConfig::new(name, "pw")).unwrap();
            for (n, b) in names.iter().zip(&before) {
                let s = p.stand_in(n);
                assert_eq!(
                    (&s.user_id, &s.verifier.salt().to_signed_hex()),
                    (&b.0, &b.1),
                    "{n} after adding user {i}"
                );
            }
        }
    }
}
