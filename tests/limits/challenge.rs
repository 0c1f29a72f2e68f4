//! Server values in a `PASSWORD_VERIFIER` challenge: `SRP_B`, `SALT`, `SECRET_BLOCK`,
//! `USER_ID_FOR_SRP` and `USERNAME`.

use cognito_srp_core::limits::{
    MAX_PUBLIC_VALUE_HEX, MAX_SALT_HEX, MAX_SECRET_BLOCK, MAX_USERNAME,
};
use cognito_srp_core::{Error, hazmat};

use crate::common::{self, StartDevice as _};
use crate::{
    BLOCK, PASSWORD, POOL_NAME, SALT, USER, challenge, client, ephemeral, login_with, respond_with,
    server, timestamp, too_long, verifier, zero_pad,
};

#[test]
fn srp_b_at_limit_is_accepted() {
    let session_b = {
        let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
        server(&v).srp_b().to_owned()
    };
    let padded = zero_pad(&session_b, MAX_PUBLIC_VALUE_HEX);
    assert_eq!(padded.len(), MAX_PUBLIC_VALUE_HEX);
    // Leading zeros do not change the integer, so u and the claim are those of the plain B.
    login_with(
        |m| {
            m.insert("SRP_B".to_owned(), padded);
        },
        USER,
        BLOCK,
    );
}

#[test]
fn srp_b_past_limit_is_too_long() {
    let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
    let b = zero_pad(server(&v).srp_b(), MAX_PUBLIC_VALUE_HEX + 1);
    assert_eq!(
        respond_with("SRP_B", b),
        Err(too_long("SRP_B", MAX_PUBLIC_VALUE_HEX))
    );
}

#[test]
fn salt_at_limit_is_accepted() {
    // Signed, zero-padded to the bound: the same integer, so the same x and a verifying login.
    let salt = zero_pad(SALT, MAX_SALT_HEX);
    assert_eq!(salt.len(), MAX_SALT_HEX);
    login_with(
        |m| {
            m.insert("SALT".to_owned(), salt);
        },
        USER,
        BLOCK,
    );
}

#[test]
fn salt_past_limit_is_too_long() {
    assert_eq!(
        respond_with("SALT", zero_pad(SALT, MAX_SALT_HEX + 1)),
        Err(too_long("SALT", MAX_SALT_HEX))
    );
    assert_eq!(
        respond_with("SALT", "f".repeat(MAX_SALT_HEX + 1)),
        Err(too_long("SALT", MAX_SALT_HEX))
    );
}

#[test]
fn secret_block_at_limit_is_accepted() {
    // 3/4 of the bound in bytes encodes to exactly the bound in padded base64.
    let block = hazmat::encode_base64(&vec![0x42; MAX_SECRET_BLOCK / 4 * 3]);
    assert_eq!(block.len(), MAX_SECRET_BLOCK);
    login_with(|_| {}, USER, &block);
}

#[test]
fn secret_block_past_limit_is_too_long() {
    let mut block = hazmat::encode_base64(&vec![0x42; MAX_SECRET_BLOCK / 4 * 3]);
    block.push('A');
    assert_eq!(
        respond_with("SECRET_BLOCK", block),
        Err(too_long("SECRET_BLOCK", MAX_SECRET_BLOCK))
    );
}

#[test]
fn user_id_for_srp_at_limit_is_accepted() {
    // Bytes, not characters: 1024 two-byte characters.
    let user = "é".repeat(MAX_USERNAME / 2);
    assert_eq!(user.len(), MAX_USERNAME);
    login_with(|_| {}, &user, BLOCK);
}

#[test]
fn user_id_for_srp_past_limit_is_too_long() {
    assert_eq!(
        respond_with("USER_ID_FOR_SRP", "u".repeat(MAX_USERNAME + 1)),
        Err(too_long("USER_ID_FOR_SRP", MAX_USERNAME))
    );
    assert_eq!(
        respond_with(
            "USER_ID_FOR_SRP",
            format!("{}x", "é".repeat(MAX_USERNAME / 2))
        ),
        Err(too_long("USER_ID_FOR_SRP", MAX_USERNAME))
    );
}

#[test]
fn username_at_limit_is_accepted() {
    let name = "n".repeat(MAX_USERNAME);
    login_with(
        |m| {
            m.insert("USERNAME".to_owned(), name);
        },
        USER,
        BLOCK,
    );
}

#[test]
fn username_past_limit_is_too_long() {
    assert_eq!(
        respond_with("USERNAME", "n".repeat(MAX_USERNAME + 1)),
        Err(too_long("USERNAME", MAX_USERNAME))
    );
}

#[test]
fn ten_megabyte_srp_b_and_secret_block_are_refused_by_size() {
    let huge = "f".repeat(10 * 1024 * 1024);
    assert_eq!(
        respond_with("SRP_B", huge.clone()),
        Err(too_long("SRP_B", MAX_PUBLIC_VALUE_HEX))
    );
    let huge_block = "QUFB".repeat(10 * 1024 * 1024 / 4);
    assert_eq!(
        respond_with("SECRET_BLOCK", huge_block.clone()),
        Err(too_long("SECRET_BLOCK", MAX_SECRET_BLOCK))
    );

    // The same through the device flow and the server's SRP_A.
    let device = common::device_credentials("dk", "gk", "pw".to_owned()).expect("short");
    let v = verifier(SALT, "gk", "dk", "pw");
    let mut map = challenge(&server(&v));
    map.remove("USER_ID_FOR_SRP");
    map.insert("SRP_B".to_owned(), huge.clone());
    let login = client()
        .start_device_srp_with("alice", &device, ephemeral())
        .expect("short");
    assert_eq!(
        login.respond(&map, &timestamp()),
        Err(too_long("SRP_B", MAX_PUBLIC_VALUE_HEX))
    );
    map.insert("SRP_B".to_owned(), server(&v).srp_b().to_owned());
    map.insert("SECRET_BLOCK".to_owned(), huge_block);
    let login = client()
        .start_device_srp_with("alice", &device, ephemeral())
        .expect("short");
    assert_eq!(
        login.respond(&map, &timestamp()),
        Err(too_long("SECRET_BLOCK", MAX_SECRET_BLOCK))
    );
    assert!(matches!(
        server(&v).finish(&huge),
        Err(Error::TooLong {
            parameter: "SRP_A",
            max: MAX_PUBLIC_VALUE_HEX
        })
    ));
}
