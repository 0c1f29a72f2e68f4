//! The SRP group Cognito uses: the 3072-bit MODP prime of RFC 3526 / RFC 5054, generator 2, and the
//! SRP-6a multiplier `k`.

/// N, the 3072-bit safe prime of RFC 3526 §4 (also RFC 5054 appendix A), as big-endian hex.
pub const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74",
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437",
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05",
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB",
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718",
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33",
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864",
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// Size of N in bytes: every residue mod N fits in this many bytes.
pub const N_BYTES: usize = 384;

/// The generator g = 2.
pub const G: u8 = 2;

/// The SRP-6a multiplier k = H(PAD(N) ‖ PAD(g)) = SHA-256(0x00 ‖ N ‖ 0x02), big-endian.
///
/// Written out rather than computed at start-up; a unit test recomputes it from N.
pub const K: [u8; 32] = [
    0x53, 0x82, 0x82, 0xc4, 0x35, 0x47, 0x42, 0xd7, 0xcb, 0xbd, 0xe2, 0x35, 0x9f, 0xcf, 0x67, 0xf9,
    0xf5, 0xb3, 0xa6, 0xb0, 0x87, 0x91, 0xe5, 0x01, 0x1b, 0x43, 0xb8, 0xa5, 0xb6, 0x6d, 0x9e, 0xe6,
];

/// N as big-endian bytes.
pub fn n_bytes() -> [u8; N_BYTES] {
    let mut out = [0u8; N_BYTES];
    for (i, pair) in N_HEX.as_bytes().chunks(2).enumerate() {
        out[i] = (hex_nibble(pair[0]) << 4) | hex_nibble(pair[1]);
    }
    out
}

fn hex_nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'F' => c - b'A' + 10,
        _ => unreachable!("N_HEX is uppercase hex"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn k_is_hash_of_padded_n_and_g() {
        let mut h = Sha256::new();
        h.update([0u8]);
        h.update(n_bytes());
        h.update([G]);
        assert_eq!(h.finalize().as_slice(), &K);
    }

    #[test]
    fn n_has_the_rfc_3526_shape() {
        let n = n_bytes();
        assert_eq!(&n[..8], &[0xff; 8]);
        assert_eq!(&n[N_BYTES - 8..], &[0xff; 8]);
        assert_eq!(n[8], 0xc9);
    }
}
