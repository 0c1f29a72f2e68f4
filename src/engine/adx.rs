//! The x86-64 Montgomery kernel: MULX (BMI2) with two independent carry chains, ADCX and ADOX (ADX).
//!
//! This is the only module of the crate that contains `unsafe` code: inline assembly, reached only
//! through an [`Adx`] token, which exists only once run-time detection has found both extensions.
//!
//! # Shape
//!
//! A multiplication is 8 *strips*, one per 6-limb block `A_J` of one operand: strip J adds
//! `A_J · B · 2^(384·J)` to a 96-limb accumulator `t` in memory. A strip walks the 48 limbs `b_r` of the
//! other operand (its *rows*) while a 7-register window holds the 7 accumulator limbs the row touches:
//! row r adds `t[6J + r]` (what earlier strips left there) and `A_J · b_r` into the window, stores its
//! lowest limb, and the registers' roles rotate by one. Per product that is one MULX and two additions
//! on independent flags: ADOX adds the low halves, ADCX the high halves and the folded-in limb. The 48
//! rows are unrolled (7 registers rotate with period 7, so every row has its own register names), and
//! after the last row the window is added into `t[6J + 48 ..]` with the carry of the previous strip,
//! leaving the carry out for the next one.
//!
//! Montgomery reduction (`-N⁻¹ mod 2^64 = 1`, since `N ≡ -1`) runs the same strips with `N` as the
//! rows: for block I the six quotient digits are computed together as
//! `m = t[6I .. 6I + 6] · (-N⁻¹ mod 2^384) mod 2^384` (15 word products: the constant's low limb is 1),
//! and strip I adds `m · N · 2^(384·I)`, which clears those six limbs. After 8 blocks the upper half of
//! `t` (plus the last carry) is below 2N, and one masked subtraction reduces it.
//!
//! Squaring sums the products `a_i·a_k` of limbs in different blocks once: strip J starts at row
//! 6J + 6 (entered through a table of jump targets, indexed by the public J). Then
//! `a² = 2·(that sum) + Σ_J A_J²·2^(768·J)`: the 8 block squares (a strip with 6 rows each) lie in
//! disjoint limb ranges, and one pass doubles and adds them: 1008 + 288 word products instead of 2304.
//!
//! # Constant time
//!
//! The instruction sequence and every address depend only on the public strip and row indices: the
//! jump target is chosen by J, never by data; carries are arithmetic (flags consumed by ADC/ADCX/ADOX);
//! the final subtraction is the portable kernel's masked select.

use core::arch::asm;

use super::mont::{Fe, L, N, final_subtract};

/// Limbs per block (one strip's multiplicand).
const BLOCK: usize = 6;
/// Blocks per operand.
const BLOCKS: usize = L / BLOCK;
/// Accumulator limbs: a double-width product.
const T: usize = 2 * L;

const _: () = assert!(BLOCK * BLOCKS == L);

/// One row of a strip: `window += t[r] + block · rows[r]`, then `t[r] = ` the window's lowest limb.
/// `$w0 .. $w5` hold positions r .. r + 5, `$w6` is free and receives position r + 6.
macro_rules! row {
    ($r:literal, $w0:literal, $w1:literal, $w2:literal, $w3:literal, $w4:literal, $w5:literal, $w6:literal) => {
        concat!(
            "mov rdx, qword ptr [rdi + 8*",
            $r,
            "]\n",
            "xor eax, eax\n",
            "adcx ",
            $w0,
            ", qword ptr [rcx + 8*",
            $r,
            "]\n",
            "mulx r15, rax, qword ptr [rsi]\n",
            "adox ",
            $w0,
            ", rax\n",
            "adcx ",
            $w1,
            ", r15\n",
            "mulx r15, rax, qword ptr [rsi + 8]\n",
            "adox ",
            $w1,
            ", rax\n",
            "adcx ",
            $w2,
            ", r15\n",
            "mulx r15, rax, qword ptr [rsi + 16]\n",
            "adox ",
            $w2,
            ", rax\n",
            "adcx ",
            $w3,
            ", r15\n",
            "mulx r15, rax, qword ptr [rsi + 24]\n",
            "adox ",
            $w3,
            ", rax\n",
            "adcx ",
            $w4,
            ", r15\n",
            "mulx r15, rax, qword ptr [rsi + 32]\n",
            "adox ",
            $w4,
            ", rax\n",
            "adcx ",
            $w5,
            ", r15\n",
            "mulx ",
            $w6,
            ", rax, qword ptr [rsi + 40]\n",
            "adox ",
            $w5,
            ", rax\n",
            "mov eax, 0\n",
            "adcx ",
            $w6,
            ", rax\n",
            "adox ",
            $w6,
            ", rax\n",
            "mov qword ptr [rcx + 8*",
            $r,
            "], ",
            $w0,
            "\n",
        )
    };
}

/// For each limb index i: `t[i] = 2·t[i] + CF + d[i] + OF`, carries passed on in CF and OF.
macro_rules! double_add_limbs {
    ($($i:literal)*) => {
        concat!($(
            "mov rax, qword ptr [rdi + 8*", $i, "]\n",
            "adcx rax, rax\n",
            "adox rax, qword ptr [rsi + 8*", $i, "]\n",
            "mov qword ptr [rdi + 8*", $i, "], rax\n",
        )*)
    };
}

/// Proof that this CPU executes BMI2 and ADX instructions: obtainable only from [`Adx::detect`].
#[derive(Clone, Copy)]
pub(crate) struct Adx(());

impl Adx {
    /// The token if the CPU has BMI2 and ADX (the standard library caches its CPUID probe).
    /// Miri cannot run inline assembly: under Miri the kernel is never available.
    pub(crate) fn detect() -> Option<Adx> {
        if cfg!(miri) {
            return None;
        }
        (std::arch::is_x86_feature_detected!("bmi2") && std::arch::is_x86_feature_detected!("adx"))
            .then_some(Adx(()))
    }

    /// Montgomery product `a·b·R⁻¹ mod N` (inputs and output fully reduced).
    pub(crate) fn mul(self, a: &Fe, b: &Fe) -> Fe {
        let mut t = [0u64; T];
        let mut block = [0u64; BLOCK + 1];
        for j in 0..BLOCKS {
            block[..BLOCK].copy_from_slice(&a.0[BLOCK * j..BLOCK * (j + 1)]);
            // Positions 6J + 48 .. 6J + 53 are still zero: no carry in or out.
            block[BLOCK] = 0;
            self.strip(&mut block, &b.0, &mut t, j, 0);
        }
        self.reduce(t)
    }

    /// Montgomery square `a²·R⁻¹ mod N`.
    pub(crate) fn square(self, a: &Fe) -> Fe {
        let mut t = [0u64; T];
        let mut block = [0u64; BLOCK + 1];
        // The products of limbs in different blocks, once each: strip J takes the rows after its block.
        for j in 0..BLOCKS - 1 {
            block[..BLOCK].copy_from_slice(&a.0[BLOCK * j..BLOCK * (j + 1)]);
            // Positions 6J + 48 .. 6J + 53 are still zero: no carry in or out.
            block[BLOCK] = 0;
            self.strip(&mut block, &a.0, &mut t, j, j + 1);
        }
        let squares = self.block_squares(&a.0);
        self.double_and_add(&mut t, &squares);
        self.reduce(t)
    }

    /// `Σ_J A_J²·2^(768·J)` for the 6-limb blocks `A_J` of `a`: the squares lie in disjoint 12-limb
    /// ranges. Each is a strip with `A_J` as its block and as its 6 rows (entered at row 42).
    fn block_squares(self, a: &[u64; L]) -> [u64; T] {
        let mut d = [0u64; T];
        let mut block = [0u64; BLOCK + 1];
        for j in 0..BLOCKS {
            block[..BLOCK].copy_from_slice(&a[BLOCK * j..BLOCK * (j + 1)]);
            block[BLOCK] = 0;
            // Row r of the strip reads rows[r] and t_at[r ..]: shift both so that rows 42 .. 48 are
            // A_J and positions 42 .. 54 are d[12J .. 12J + 12].
            let rows = a[BLOCK * j..].as_ptr().wrapping_sub(L - BLOCK);
            let t_at = d[2 * BLOCK * j..].as_mut_ptr().wrapping_sub(L - BLOCK);
            // SAFETY: entered at row 42, the strip touches rows[42 .. 48] = a[6J .. 6J + 6] and
            // t_at[42 .. 54] = d[12J .. 12J + 12] (12J + 12 ≤ 96) only: in bounds of `a` and `d`.
            unsafe { self.strip_raw(&mut block, rows, t_at, BLOCKS - 1) };
        }
        d
    }

    /// `t = 2·t + d` (the caller knows the result fits in 96 limbs): ADCX doubles each limb with the
    /// bit shifted out of the one below, ADOX adds `d`.
    #[inline(never)]
    fn double_and_add(self, t: &mut [u64; T], d: &[u64; T]) {
        // SAFETY: `self` proves ADX is present. The operands are t[0 .. 96] (exclusively borrowed)
        // and d[0 .. 96]; rax is declared clobbered, the stack is not touched, the flags are not
        // preserved.
        unsafe {
            asm!(
                "xor eax, eax",
                double_add_limbs!(
                    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29
                    30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56
                    57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83
                    84 85 86 87 88 89 90 91 92 93 94 95
                ),
                in("rdi") t.as_mut_ptr(),
                in("rsi") d.as_ptr(),
                out("rax") _,
                options(nostack),
            );
        }
    }

    /// `t·R⁻¹ mod N` for `t < N·R`.
    fn reduce(self, mut t: [u64; T]) -> Fe {
        let mut block = [0u64; BLOCK + 1];
        for i in 0..BLOCKS {
            let digits = quotient_digits(&t[BLOCK * i..BLOCK * (i + 1)]);
            block[..BLOCK].copy_from_slice(&digits);
            self.strip(&mut block, &N, &mut t, i, 0);
        }
        let mut out = [0u64; L];
        out.copy_from_slice(&t[L..]);
        final_subtract(&mut out, block[BLOCK]);
        Fe(out)
    }

    /// Strip `j`: `t += block[..6] · rows[first..48] · 2^(64·(6j + first))` where `first = 6·entry`,
    /// with `block[6]` the carry into position `6j + 48` on entry and the carry out of position
    /// `6j + 53` on return. `j` and `entry` are public.
    #[inline(always)]
    fn strip(
        self,
        block: &mut [u64; BLOCK + 1],
        rows: &[u64; L],
        t: &mut [u64; T],
        j: usize,
        entry: usize,
    ) {
        assert!(j < BLOCKS && entry < BLOCKS && BLOCK * j + L + BLOCK <= T);
        // SAFETY: the assembly reads rows[6·entry .. 48] (inside `rows`), and reads and writes
        // t[6j + 6·entry .. 6j + 54] (inside `t`, asserted above); `entry < 8`.
        unsafe { self.strip_raw(block, rows.as_ptr(), t[BLOCK * j..].as_mut_ptr(), entry) }
    }

    /// The strip itself: `t_at[first ..] += block[..6] · rows[first .. 48] · 2^(64·first)` with
    /// `first = 6·entry`, the window added into `t_at[48 .. 54]` with the carry `block[6]`, and the
    /// carry out left in `block[6]`.
    ///
    /// # Safety
    /// `entry < 8`; `rows[6·entry .. 48]` must be readable and `t_at[6·entry .. 54]` readable and
    /// writable (as `u64`, aligned, not aliased by another live reference) — only those are touched.
    #[inline(never)]
    unsafe fn strip_raw(
        self,
        block: &mut [u64; BLOCK + 1],
        rows: *const u64,
        t_at: *mut u64,
        entry: usize,
    ) {
        debug_assert!(entry < BLOCKS);
        // SAFETY: `self` proves BMI2 and ADX are present. The memory operands are block[0 .. 7]
        // (an exclusive borrow), rows[6·entry .. 48] and t_at[6·entry .. 54], which the caller
        // guarantees. The jump goes to one of the 8 labels of the table, indexed by `entry < 8`.
        // The registers named below are declared clobbered, the stack is not touched, and the flags
        // are not preserved (the default).
        unsafe {
            asm!(
                // An empty window at the entry row, whichever registers hold it.
                "xor r8d, r8d",
                "xor r9d, r9d",
                "xor r10d, r10d",
                "xor r11d, r11d",
                "xor r12d, r12d",
                "xor r13d, r13d",
                "xor r14d, r14d",
                "lea r15, [rip + 29f]",
                "movsxd rax, dword ptr [r15 + 4*rax]",
                "add rax, r15",
                "jmp rax",
                ".p2align 2",
                "29:",
                ".long 30f - 29b",
                ".long 31f - 29b",
                ".long 32f - 29b",
                ".long 33f - 29b",
                ".long 34f - 29b",
                ".long 35f - 29b",
                ".long 36f - 29b",
                ".long 37f - 29b",
            "30:",
            row!(0, "r8", "r9", "r10", "r11", "r12", "r13", "r14"),
            row!(1, "r9", "r10", "r11", "r12", "r13", "r14", "r8"),
            row!(2, "r10", "r11", "r12", "r13", "r14", "r8", "r9"),
            row!(3, "r11", "r12", "r13", "r14", "r8", "r9", "r10"),
            row!(4, "r12", "r13", "r14", "r8", "r9", "r10", "r11"),
            row!(5, "r13", "r14", "r8", "r9", "r10", "r11", "r12"),
            "31:",
            row!(6, "r14", "r8", "r9", "r10", "r11", "r12", "r13"),
            row!(7, "r8", "r9", "r10", "r11", "r12", "r13", "r14"),
            row!(8, "r9", "r10", "r11", "r12", "r13", "r14", "r8"),
            row!(9, "r10", "r11", "r12", "r13", "r14", "r8", "r9"),
            row!(10, "r11", "r12", "r13", "r14", "r8", "r9", "r10"),
            row!(11, "r12", "r13", "r14", "r8", "r9", "r10", "r11"),
            "32:",
            row!(12, "r13", "r14", "r8", "r9", "r10", "r11", "r12"),
            row!(13, "r14", "r8", "r9", "r10", "r11", "r12", "r13"),
            row!(14, "r8", "r9", "r10", "r11", "r12", "r13", "r14"),
            row!(15, "r9", "r10", "r11", "r12", "r13", "r14", "r8"),
            row!(16, "r10", "r11", "r12", "r13", "r14", "r8", "r9"),
            row!(17, "r11", "r12", "r13", "r14", "r8", "r9", "r10"),
            "33:",
            row!(18, "r12", "r13", "r14", "r8", "r9", "r10", "r11"),
            row!(19, "r13", "r14", "r8", "r9", "r10", "r11", "r12"),
            row!(20, "r14", "r8", "r9", "r10", "r11", "r12", "r13"),
            row!(21, "r8", "r9", "r10", "r11", "r12", "r13", "r14"),
            row!(22, "r9", "r10", "r11", "r12", "r13", "r14", "r8"),
            row!(23, "r10", "r11", "r12", "r13", "r14", "r8", "r9"),
            "34:",
            row!(24, "r11", "r12", "r13", "r14", "r8", "r9", "r10"),
            row!(25, "r12", "r13", "r14", "r8", "r9", "r10", "r11"),
            row!(26, "r13", "r14", "r8", "r9", "r10", "r11", "r12"),
            row!(27, "r14", "r8", "r9", "r10", "r11", "r12", "r13"),
            row!(28, "r8", "r9", "r10", "r11", "r12", "r13", "r14"),
            row!(29, "r9", "r10", "r11", "r12", "r13", "r14", "r8"),
            "35:",
            row!(30, "r10", "r11", "r12", "r13", "r14", "r8", "r9"),
            row!(31, "r11", "r12", "r13", "r14", "r8", "r9", "r10"),
            row!(32, "r12", "r13", "r14", "r8", "r9", "r10", "r11"),
            row!(33, "r13", "r14", "r8", "r9", "r10", "r11", "r12"),
            row!(34, "r14", "r8", "r9", "r10", "r11", "r12", "r13"),
            row!(35, "r8", "r9", "r10", "r11", "r12", "r13", "r14"),
            "36:",
            row!(36, "r9", "r10", "r11", "r12", "r13", "r14", "r8"),
            row!(37, "r10", "r11", "r12", "r13", "r14", "r8", "r9"),
            row!(38, "r11", "r12", "r13", "r14", "r8", "r9", "r10"),
            row!(39, "r12", "r13", "r14", "r8", "r9", "r10", "r11"),
            row!(40, "r13", "r14", "r8", "r9", "r10", "r11", "r12"),
            row!(41, "r14", "r8", "r9", "r10", "r11", "r12", "r13"),
            "37:",
            row!(42, "r8", "r9", "r10", "r11", "r12", "r13", "r14"),
            row!(43, "r9", "r10", "r11", "r12", "r13", "r14", "r8"),
            row!(44, "r10", "r11", "r12", "r13", "r14", "r8", "r9"),
            row!(45, "r11", "r12", "r13", "r14", "r8", "r9", "r10"),
            row!(46, "r12", "r13", "r14", "r8", "r9", "r10", "r11"),
            row!(47, "r13", "r14", "r8", "r9", "r10", "r11", "r12"),
                // The window now holds positions 48 .. 53: add it, and the carry in, to t.
                "mov r15, qword ptr [rsi + 48]",
                "bt r15, 0",
                "adc r14, qword ptr [rcx + 8*48]",
                "mov qword ptr [rcx + 8*48], r14",
                "adc r8, qword ptr [rcx + 8*49]",
                "mov qword ptr [rcx + 8*49], r8",
                "adc r9, qword ptr [rcx + 8*50]",
                "mov qword ptr [rcx + 8*50], r9",
                "adc r10, qword ptr [rcx + 8*51]",
                "mov qword ptr [rcx + 8*51], r10",
                "adc r11, qword ptr [rcx + 8*52]",
                "mov qword ptr [rcx + 8*52], r11",
                "adc r12, qword ptr [rcx + 8*53]",
                "mov qword ptr [rcx + 8*53], r12",
                "mov eax, 0",
                "adc rax, 0",
                "mov qword ptr [rsi + 48], rax",
                inout("rax") entry => _,
                in("rsi") block.as_mut_ptr(),
                in("rdi") rows,
                in("rcx") t_at,
                out("rdx") _,
                out("r8") _,
                out("r9") _,
                out("r10") _,
                out("r11") _,
                out("r12") _,
                out("r13") _,
                out("r14") _,
                out("r15") _,
                options(nostack),
            );
        }
    }
}

/// `-N⁻¹ mod 2^384`, little-endian limbs (its low limb is 1 because N ≡ -1 mod 2^64).
pub(crate) const N_INV_NEG: [u64; BLOCK] = n_inv_neg();

const _: () = assert!(N_INV_NEG[0] == 1);

/// `a·b mod 2^384`.
const fn mul_low(a: &[u64; BLOCK], b: &[u64; BLOCK]) -> [u64; BLOCK] {
    let mut out = [0u64; BLOCK];
    let mut i = 0;
    while i < BLOCK {
        let mut carry = 0u128;
        let mut j = 0;
        while i + j < BLOCK {
            let v = out[i + j] as u128 + (a[i] as u128) * (b[j] as u128) + carry;
            out[i + j] = v as u64;
            carry = v >> 64;
            j += 1;
        }
        i += 1;
    }
    out
}

/// `-x mod 2^384`.
const fn neg(x: &[u64; BLOCK]) -> [u64; BLOCK] {
    let mut out = [0u64; BLOCK];
    let mut carry = 1u128;
    let mut i = 0;
    while i < BLOCK {
        let v = (!x[i]) as u128 + carry;
        out[i] = v as u64;
        carry = v >> 64;
        i += 1;
    }
    out
}

/// Newton's iteration `y ← y·(2 - N·y)` doubles the correct low bits of `N⁻¹`: from 64 (`y = -1`,
/// since N ≡ -1) to 512 ≥ 384 in three steps.
const fn n_inv_neg() -> [u64; BLOCK] {
    let mut n = [0u64; BLOCK];
    let mut i = 0;
    while i < BLOCK {
        n[i] = N[i];
        i += 1;
    }
    let mut y = [u64::MAX; BLOCK];
    let mut step = 0;
    while step < 3 {
        // 2 - N·y = -(N·y) + 2.
        let mut e = neg(&mul_low(&n, &y));
        let mut carry = 2u128;
        let mut k = 0;
        while k < BLOCK {
            let v = e[k] as u128 + carry;
            e[k] = v as u64;
            carry = v >> 64;
            k += 1;
        }
        y = mul_low(&y, &e);
        step += 1;
    }
    neg(&y)
}

/// The six quotient digits of one reduction block: `low · (-N⁻¹) mod 2^384` (product scanning; the
/// constant's low limb is 1, so its column term is `low[i]` itself).
#[inline(always)]
fn quotient_digits(low: &[u64]) -> [u64; BLOCK] {
    let mut out = [0u64; BLOCK];
    let (mut acc, mut top) = (0u128, 0u64);
    for i in 0..BLOCK {
        for j in 0..i {
            let p = u128::from(low[j]) * u128::from(N_INV_NEG[i - j]);
            let (s, c) = acc.overflowing_add(p);
            acc = s;
            top = top.wrapping_add(u64::from(c));
        }
        let (s, c) = acc.overflowing_add(u128::from(low[i]));
        acc = s;
        top = top.wrapping_add(u64::from(c));
        out[i] = acc as u64;
        acc = (u128::from(top) << 64) | (acc >> 64);
        top = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::mont;
    use num_bigint::BigUint;

    fn big(limbs: &[u64]) -> BigUint {
        let bytes: Vec<u8> = limbs.iter().flat_map(|l| l.to_le_bytes()).collect();
        BigUint::from_bytes_le(&bytes)
    }

    fn limbs<const K: usize>(x: &BigUint) -> [u64; K] {
        let mut bytes = x.to_bytes_le();
        bytes.resize(8 * K, 0);
        let mut out = [0u64; K];
        for (o, chunk) in out.iter_mut().zip(bytes.chunks(8)) {
            *o = u64::from_le_bytes(chunk.try_into().unwrap());
        }
        out
    }

    fn kernel() -> Option<Adx> {
        let k = Adx::detect();
        if k.is_none() {
            eprintln!("this CPU lacks BMI2 or ADX: the x86-64 kernel is not tested here");
        }
        k
    }

    struct Xorshift(u64);

    impl Xorshift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    /// Values below N stressing carries (all-ones limbs, N - 1, R mod N, sparse) and random ones.
    fn samples() -> Vec<BigUint> {
        let n = big(&N);
        let r = BigUint::from(1u8) << 3072usize;
        let mut v = vec![
            BigUint::from(0u8),
            BigUint::from(1u8),
            BigUint::from(2u8),
            &n - 1u8,
            &n - 2u8,
            &r % &n,
            (&r - 1u8) % &n,
            (&n - 1u8) >> 1usize,
            (BigUint::from(1u8) << 64usize) - 1u8,
        ];
        let mut rng = Xorshift(0x2545_f491_4f6c_dd1d);
        for k in 0..32 {
            let x: [u64; L] = core::array::from_fn(|i| match k % 4 {
                0 => rng.next(),
                1 => u64::MAX,
                2 if i % 5 == 0 => u64::MAX,
                3 => rng.next() | 0xFFFF_0000_0000_FFFF,
                _ => 0,
            });
            v.push(big(&x) % &n);
        }
        v
    }

    #[test]
    fn n_inv_neg_is_the_negated_inverse() {
        let m = BigUint::from(1u8) << 384usize;
        let product = (big(&N_INV_NEG) * big(&N)) % &m;
        assert_eq!(product, &m - 1u8);
    }

    #[test]
    fn quotient_digits_clear_a_block() {
        let m = BigUint::from(1u8) << 384usize;
        let mut rng = Xorshift(7);
        for _ in 0..200 {
            let low: [u64; BLOCK] = core::array::from_fn(|_| rng.next());
            let q = quotient_digits(&low);
            assert_eq!((big(&low) + big(&q) * big(&N)) % &m, BigUint::from(0u8));
        }
    }

    #[test]
    fn every_strip_entry_adds_its_rows() {
        let Some(k) = kernel() else { return };
        let mut rng = Xorshift(99);
        for j in 0..BLOCKS {
            for entry in 0..BLOCKS {
                let rows: [u64; L] = core::array::from_fn(|_| rng.next());
                let mut block: [u64; BLOCK + 1] = core::array::from_fn(|_| rng.next());
                let carry_in = rng.next() & 1;
                block[BLOCK] = carry_in;
                let t0: [u64; T] = core::array::from_fn(|i| if i < 90 { rng.next() } else { 0 });
                let mut t = t0;
                k.strip(&mut block, &rows, &mut t, j, entry);
                let first = BLOCK * entry;
                let add =
                    (big(&block[..BLOCK]) * big(&rows[first..])) << (64 * (BLOCK * j + first));
                let expect = big(&t0) + add + (BigUint::from(carry_in) << (64 * (BLOCK * j + L)));
                // Positions up to 6j + 53 are written; the carry out stands for position 6j + 54.
                let top = BLOCK * j + L + BLOCK;
                let mut got = big(&t[..top]) + (BigUint::from(block[BLOCK]) << (64 * top));
                got += big(&t[top..]) << (64 * top);
                assert_eq!(got, expect, "strip {j}, entry {entry}");
            }
        }
    }

    #[test]
    fn block_squares_and_doubling() {
        let Some(k) = kernel() else { return };
        let mut rng = Xorshift(5);
        for round in 0..20 {
            let a: [u64; L] =
                core::array::from_fn(|_| if round % 4 == 0 { u64::MAX } else { rng.next() });
            let d = k.block_squares(&a);
            let mut expect = BigUint::from(0u8);
            for j in 0..BLOCKS {
                let x = big(&a[BLOCK * j..BLOCK * (j + 1)]);
                expect += (&x * &x) << (768 * j);
            }
            assert_eq!(big(&d), expect);
            // t and d below 2^6142, so 2·t + d fits in 96 limbs.
            let t0: [u64; T] = core::array::from_fn(|i| {
                if i < T - 1 {
                    rng.next()
                } else {
                    rng.next() >> 2
                }
            });
            let d_half: [u64; T] =
                core::array::from_fn(|i| if i < T - 1 { d[i] } else { d[i] >> 2 });
            let mut t = t0;
            k.double_and_add(&mut t, &d_half);
            assert_eq!(big(&t), big(&t0) * 2u8 + big(&d_half));
        }
    }

    #[test]
    fn mul_and_square_match_num_bigint_and_the_portable_kernel() {
        let Some(k) = kernel() else { return };
        let n = big(&N);
        let r_inv = (BigUint::from(1u8) << 3072usize).modinv(&n).unwrap();
        let xs = samples();
        for x in &xs {
            let fx = Fe(limbs(x));
            let sq = k.square(&fx);
            assert_eq!(big(&sq.0), (x * x * &r_inv) % &n, "square {x:x}");
            assert_eq!(sq.0, mont::square(&fx).0);
            for y in &xs {
                let fy = Fe(limbs(y));
                let p = k.mul(&fx, &fy);
                assert_eq!(big(&p.0), (x * y * &r_inv) % &n, "mul {x:x} {y:x}");
                assert_eq!(p.0, mont::mul(&fx, &fy).0);
            }
        }
    }

    #[test]
    fn chained_operations_stay_reduced() {
        let Some(k) = kernel() else { return };
        let n = big(&N);
        let r_inv = (BigUint::from(1u8) << 3072usize).modinv(&n).unwrap();
        let mut x = Fe(limbs(&(&n - 1u8)));
        let mut expect = &n - 1u8;
        let y = &n - 3u8;
        for i in 0..400 {
            if i % 3 == 0 {
                x = k.mul(&x, &Fe(limbs(&y)));
                expect = (&expect * &y * &r_inv) % &n;
            } else {
                x = k.square(&x);
                expect = (&expect * &expect * &r_inv) % &n;
            }
            assert_eq!(big(&x.0), expect, "step {i}");
        }
    }
}
