//! Upper bounds on every value this crate accepts, checked on the string before it is decoded or used in
//! arithmetic.
//!
//! Each bound is far above anything real Cognito traffic carries (noted per constant), and far below
//! what would cost noticeable CPU or memory. A value over its bound yields [`Error::TooLong`].

use crate::error::{Error, Result};

/// `SRP_B` / `SRP_A`: hex characters. A real value is at most 768 (384 bytes); this leaves room for an
/// unreduced value and leading zeros, and keeps the integer under 4096 bits.
pub const MAX_PUBLIC_VALUE_HEX: usize = 1024;
/// `SALT`: characters including an optional `-`. Cognito's salts are 32 hex digits (16 bytes).
pub const MAX_SALT_HEX: usize = 512;
/// `SECRET_BLOCK`: base64 characters. A real one is about 1.6–1.7 KB.
pub const MAX_SECRET_BLOCK: usize = 64 * 1024;
/// `USERNAME`, `USER_ID_FOR_SRP` and user names passed by the caller: bytes of UTF-8. Cognito allows 128 characters.
pub const MAX_USERNAME: usize = 2048;
/// `DEVICE_KEY`, device group keys: bytes. Real ones are under 64.
pub const MAX_DEVICE_KEY: usize = 512;
/// Passwords passed by the caller: bytes of UTF-8. Cognito allows 256 characters.
pub const MAX_PASSWORD: usize = 4096;
/// Stored device passwords: bytes (a generated one is 56 base64 characters).
pub const MAX_DEVICE_PASSWORD: usize = 1024;
/// User-pool ids (`us-east-1_AbCdEf123`, at most 55 characters at Cognito).
pub const MAX_POOL_ID: usize = 256;
/// App client ids (at most 128 characters at Cognito).
pub const MAX_CLIENT_ID: usize = 256;
/// App client secrets (at most 128 characters at Cognito).
pub const MAX_CLIENT_SECRET: usize = 1024;
/// `PASSWORD_CLAIM_SIGNATURE` (server side): a real one is 44 base64 characters.
pub const MAX_CLAIM_SIGNATURE: usize = 256;
/// `TIMESTAMP` (server side): a real one is at most 31 characters.
pub const MAX_TIMESTAMP: usize = 64;
/// Ephemeral secrets injected through `hazmat` (feature `hazmat`): bytes. Published known answers use
/// secrets of up to 1024 bytes (the .NET client's form); the exponent's bound is the length given.
pub const MAX_EPHEMERAL_BYTES: usize = 1024;

/// Refuses `value` when it is longer than `max` bytes.
pub(crate) fn check(parameter: &'static str, value: &str, max: usize) -> Result<()> {
    if value.len() > max {
        Err(Error::TooLong { parameter, max })
    } else {
        Ok(())
    }
}
