//! `base^e` for a variable base: fixed-window exponentiation with constant-time table lookups.

use super::exponent::Exp;
use super::kernel::Mont;
use super::mont::{Fe, select};

/// Relative costs used to pick the window: a multiplication, a squaring, and scanning one table
/// entry (the model: squaring ≈ 0.87 of a multiplication, one masked entry ≈ 0.3 %, as on x86-64).
const COST_MUL: u64 = 1000;
const COST_SQUARE: u64 = 870;
const COST_SCAN_ENTRY: u64 = 3;

/// Largest window considered (table of 64 residues, 24 KiB).
pub(crate) const MAX_WINDOW: u32 = 6;

/// Estimated cost of a `bits`-bit exponentiation with window `w`.
fn cost(bits: u32, w: u32) -> u64 {
    let half = (1u64 << (w - 1)) - 1;
    let table = half * (COST_SQUARE + COST_MUL);
    let windows = bits.div_ceil(w);
    let top_width = bits - (windows - 1) * w;
    let squares = u64::from(bits - top_width) * COST_SQUARE;
    let muls = u64::from(windows - 1) * (COST_MUL + (1u64 << w) * COST_SCAN_ENTRY);
    table + squares + muls + (1u64 << top_width) * COST_SCAN_ENTRY
}

/// The window width for a `bits`-bit exponent (`bits > 0`, public).
pub(crate) fn window_for(bits: u32) -> u32 {
    (1..=MAX_WINDOW).min_by_key(|&w| cost(bits, w)).unwrap_or(1)
}

/// `base^e` in Montgomery form: table `base^0 .. base^(2^w - 1)`, then for each `w`-bit window from
/// the top: `w` squarings and one multiplication by the entry picked by a full masked scan.
pub(crate) fn pow<K: Mont>(k: K, base: &Fe, exp: &Exp) -> Fe {
    let bits = exp.bits();
    if bits == 0 {
        return Fe::ONE;
    }
    let w = window_for(bits);
    let size = 1usize << w;
    let mut table = vec![Fe::ONE; size];
    if size > 1 {
        table[1] = *base;
    }
    for d in 2..size {
        table[d] = if d % 2 == 0 {
            k.square(&table[d / 2])
        } else {
            k.mul(&table[d - 1], base)
        };
    }
    let windows = bits.div_ceil(w);
    let top = windows - 1;
    let top_width = bits - top * w;
    let mut acc = select(&table[..1 << top_width], exp.window(top * w, top_width));
    for i in (0..top).rev() {
        for _ in 0..w {
            acc = k.square(&acc);
        }
        acc = k.mul(&acc, &select(&table, exp.window(i * w, w)));
    }
    // The table holds powers of a possibly secret base (B − k·g^x in S): wipe it.
    for entry in table.iter_mut() {
        zeroize::Zeroize::zeroize(&mut entry.0);
    }
    acc
}
