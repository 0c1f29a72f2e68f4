//! `g^e` for the fixed generator g = 2 from a lazily built, segment-by-segment comb table.

use std::sync::OnceLock;

use super::exponent::Exp;
use super::kernel::Mont;
use super::mont::{Fe, select};

/// Bits of the exponent combined into one table lookup (the table index width).
pub(crate) const TEETH: u32 = 6;
/// Distance between the teeth of one lookup; also the number of comb columns, so a whole
/// exponentiation costs `SPACING - 1` squarings plus one multiplication per `TEETH` bits.
pub(crate) const SPACING: u32 = 8;
/// Exponent bits covered by one segment of the table.
pub(crate) const SEGMENT_BITS: u32 = TEETH * SPACING;
/// Entries per segment.
pub(crate) const ENTRIES: usize = 1 << TEETH;
/// Segments needed for the largest accepted exponent.
pub(crate) const MAX_SEGMENTS: usize = super::MAX_EXPONENT_BITS.div_ceil(SEGMENT_BITS) as usize;

/// One segment `s` of the table: `entries[d] = g^(Σ_k d_k · 2^(s·SEGMENT_BITS + k·SPACING))` for the
/// bits `d_k` of `d`, in Montgomery form, plus the base the next segment starts from.
struct Segment {
    entries: Box<[Fe]>,
    /// `g^(2^((s+1)·SEGMENT_BITS))`.
    next: Fe,
}

static SEGMENTS: [OnceLock<Segment>; MAX_SEGMENTS] = [const { OnceLock::new() }; MAX_SEGMENTS];

/// Builds a segment from `first = g^(2^(s·SEGMENT_BITS))`: `TEETH·SPACING` squarings for the teeth
/// bases and `ENTRIES - TEETH - 1` multiplications for their subset products. Public data only.
fn build<K: Mont>(k: K, first: Fe) -> Segment {
    let mut bases = [Fe::ONE; TEETH as usize];
    let mut t = first;
    for base in bases.iter_mut() {
        *base = t;
        for _ in 0..SPACING {
            t = k.square(&t);
        }
    }
    let mut entries = vec![Fe::ONE; ENTRIES];
    for d in 1..ENTRIES {
        let top = (usize::BITS - 1 - d.leading_zeros()) as usize;
        let rest = d ^ (1 << top);
        entries[d] = if rest == 0 {
            bases[top]
        } else {
            k.mul(&entries[rest], &bases[top])
        };
    }
    Segment {
        entries: entries.into_boxed_slice(),
        next: t,
    }
}

/// Makes sure segments `0..count` exist (building missing ones in order) and returns them.
fn segments<K: Mont>(k: K, count: usize) -> [Option<&'static Segment>; MAX_SEGMENTS] {
    let mut out = [None; MAX_SEGMENTS];
    for s in 0..count {
        let segment = SEGMENTS[s].get_or_init(|| {
            let first = match s {
                0 => super::fe_from_residue(&super::generator()),
                _ => out[s - 1]
                    .map(|prev: &Segment| prev.next)
                    .expect("built in order"),
            };
            build(k, first)
        });
        out[s] = Some(segment);
    }
    out
}

/// Bytes held by the segments built so far (for documentation and tests).
#[cfg(any(test, feature = "unstable-bench-hooks"))]
pub(crate) fn table_bytes() -> usize {
    SEGMENTS.iter().filter(|s| s.get().is_some()).count() * ENTRIES * core::mem::size_of::<Fe>()
}

/// `g^e` in Montgomery form.
///
/// Comb evaluation: for column `c` from `SPACING - 1` down to 0 the accumulator is squared (except
/// the first time) and multiplied by `segment[s].entries[d]` for every segment `s`, where `d`
/// gathers the exponent bits at `s·SEGMENT_BITS + k·SPACING + c`, `k < TEETH`. Every entry is read
/// through a full masked scan of its segment ([`select`]); which segments and columns are visited
/// depends only on the public bound.
pub(crate) fn pow_g<K: Mont>(k: K, exp: &Exp) -> Fe {
    let bits = exp.bits();
    if bits == 0 {
        return Fe::ONE;
    }
    let count = bits.div_ceil(SEGMENT_BITS) as usize;
    let table = segments(k, count);
    let mut acc: Option<Fe> = None;
    for column in (0..SPACING.min(bits)).rev() {
        if let Some(a) = acc.as_mut() {
            *a = k.square(a);
        }
        for (s, segment) in table.iter().take(count).enumerate() {
            let segment = segment.expect("segment built");
            let start = s as u32 * SEGMENT_BITS + column;
            // Teeth whose position lies below the public bound: higher digits cannot occur.
            let live = (0..TEETH)
                .take_while(|k| start + k * SPACING < bits)
                .count() as u32;
            if live == 0 {
                continue;
            }
            let mut digit = 0u64;
            for k in 0..live {
                digit |= exp.bit(start + k * SPACING) << k;
            }
            let entry = select(&segment.entries[..1 << live], digit);
            acc = Some(match acc {
                None => entry,
                Some(a) => k.mul(&a, &entry),
            });
        }
    }
    acc.unwrap_or(Fe::ONE)
}
