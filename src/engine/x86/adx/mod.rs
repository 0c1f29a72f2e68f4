//! The x86-64 MULX/ADX Montgomery kernel: MULX (BMI2) with two independent carry chains, ADCX and
//! ADOX (ADX). Used where the CPU has these but not AVX-512 IFMA (`super::ifma`).
//!
//! Its `unsafe` code is inline assembly, reached only through an [`Adx`] token, which exists only
//! once run-time detection has found both extensions.
//!
//! # Shape
//!
//! The work is done in *strips*: a strip adds `A · B` for a 6-limb block `A` and up to 48 limbs `b_r`
//! of another operand (its *rows*) to an accumulator `t` in memory, while a 7-register window holds
//! the 7 accumulator limbs a row touches: row r adds `t[r]` (what earlier strips left there) and
//! `A · b_r` into the window, stores its lowest limb, and the registers' roles rotate by one. Per
//! product that is one MULX and two additions on independent flags: ADOX adds the low halves, ADCX the
//! high halves and the folded-in limb. The 48 rows are unrolled (7 registers rotate with period 7, so
//! every row has its own register names); a strip can start at row 6·e for a public `e < 8` (entered
//! through a table of jump targets), and after the last row the window is added into `t[48 ..]` with
//! the carry of the previous strip, leaving the carry out for the next one.
//!
//! The product of a multiplication is one level of Karatsuba on 24-limb halves: three 24 × 24
//! products (4 strips of 24 rows each) and a middle term combined in two ADCX/ADOX passes, 1728 word
//! products instead of 2304.
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
//! # Where it stops
//!
//! A row is 6 products in 25 instructions. A core that issues about one MULX with its two additions
//! per cycle keeps a row near its issue limit, so the word products (2304 for a reduction; 1728 for a
//! Karatsuba product, 1296 for a square's) set the floor. The strip is kept out of line (one copy
//! shared by every caller); Karatsuba is used for products, not yet for squaring (it would save about
//! 200 of the 1296 products for three more combination passes). Figures: `BENCHMARKING.md`.
//!
//! # Constant time
//!
//! The instruction sequence and every address depend only on the public strip and row indices: the
//! jump target is chosen by the entry row, never by data; carries are arithmetic (flags consumed by
//! ADC/ADCX/ADOX); Karatsuba's differences are made absolute, and the middle term's sign applied,
//! with masks derived from borrows (through `black_box`, so they stay arithmetic); the final
//! subtraction is the portable kernel's masked select.

use core::arch::asm;

use crate::engine::mont::{Fe, L, N, final_subtract};

#[macro_use]
mod text;
mod digits;
#[cfg(test)]
mod tests;

use digits::{abs_diff, quotient_digits};

/// Limbs per block (one strip's multiplicand).
const BLOCK: usize = 6;
/// Blocks per operand.
const BLOCKS: usize = L / BLOCK;
/// Accumulator limbs: a double-width product.
const T: usize = 2 * L;

const _: () = assert!(BLOCK * BLOCKS == L);

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

    /// Montgomery product `a·b·R⁻¹ mod N` (inputs and output fully reduced). The product is one level
    /// of Karatsuba on 24-limb halves: `a0·b0`, `a1·b1` and `|a0 - a1|·|b1 - b0|`, with the middle
    /// term's sign applied by masks.
    pub(crate) fn mul(self, a: &Fe, b: &Fe) -> Fe {
        const H: usize = L / 2;
        let (a0, a1) = a.0.split_at(H);
        let (b0, b1) = b.0.split_at(H);
        let (da, sa) = abs_diff(a0, a1);
        let (db, sb) = abs_diff(b1, b0);
        let p0 = self.half_product(a0, b0);
        let p2 = self.half_product(a1, b1);
        let p1 = self.half_product(&da, &db);
        // middle = p0 + p2 ± p1 (subtract when exactly one difference was negative); it is
        // a0·b1 + a1·b0 < 2^3073, so 49 limbs hold it and two's complement arithmetic on them is exact.
        let neg = core::hint::black_box((sa ^ sb).wrapping_neg());
        let mut p1n = p1;
        for v in p1n.iter_mut() {
            *v ^= neg;
        }
        let mut t = [0u64; T];
        t[..L].copy_from_slice(&p0);
        t[L..].copy_from_slice(&p2);
        self.karatsuba_combine(&mut t, &p0, &p2, &p1n, neg);
        self.reduce(t)
    }

    /// `t += m·2^1536` with `m = (p0 + p2 + p1n + (neg & 1) + neg·2^3072) mod 2^3136`, where `p1n` is
    /// `p1` or its complement and `neg` 0 or all ones: adds the Karatsuba middle term (the caller
    /// knows it is below 2^3136 and the sum below 2^6144). First pass: the 49-limb `m`, `p0 + p2` on
    /// ADCX (carry seeded with `neg & 1`) and `+ p1n` on ADOX; second pass: `m` added into `t[24 ..]`
    /// with ADC, the carry run to the top limb.
    #[inline(never)]
    fn karatsuba_combine(
        self,
        t: &mut [u64; T],
        p0: &[u64; L],
        p2: &[u64; L],
        p1n: &[u64; L],
        neg: u64,
    ) {
        let mut mid = [0u64; L + 1];
        // SAFETY: `self` proves ADX is present. Operands: p0, p2, p1n[0 .. 48] (read), mid[0 .. 49]
        // (exclusively borrowed); rax and rcx are declared clobbered; no stack, flags not preserved.
        unsafe {
            asm!(
                // CF = neg & 1 (ADCX writes CF only), OF = 0.
                "xor eax, eax",
                "mov rcx, rdx",
                "adcx rcx, rcx",
                middle_limbs!(
                    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29
                    30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47
                ),
                "mov ecx, 0",
                "mov rax, rdx",
                "adcx rax, rcx",
                "adox rax, rcx",
                "mov qword ptr [rdi + 8*48], rax",
                in("rdi") mid.as_mut_ptr(),
                in("rsi") p0.as_ptr(),
                in("r8") p2.as_ptr(),
                in("r9") p1n.as_ptr(),
                in("rdx") neg,
                out("rax") _,
                out("rcx") _,
                options(nostack),
            );
        }
        // SAFETY: `self` proves ADX is present (ADC and CLC are baseline). Operands: mid[0 .. 49]
        // (read) and t[24 .. 96] (exclusively borrowed); rax is declared clobbered.
        unsafe {
            asm!(
                "clc",
                add_middle_limbs!(
                    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29
                    30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48
                ),
                carry_limbs!(
                    73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95
                ),
                in("rdi") t.as_mut_ptr(),
                in("rsi") mid.as_ptr(),
                out("rax") _,
                options(nostack),
            );
        }
    }

    /// `x·y` for 24-limb operands: 4 strips of 24 rows (entered at row 24).
    fn half_product(self, x: &[u64], y: &[u64]) -> [u64; L] {
        assert!(x.len() == L / 2 && y.len() == L / 2);
        let mut out = [0u64; L];
        let mut block = [0u64; BLOCK + 1];
        for j in 0..L / 2 / BLOCK {
            block[..BLOCK].copy_from_slice(&x[BLOCK * j..BLOCK * (j + 1)]);
            block[BLOCK] = 0;
            let rows = y.as_ptr().wrapping_sub(L / 2);
            let t_at = out[BLOCK * j..].as_mut_ptr().wrapping_sub(L / 2);
            // SAFETY: entered at row 24, the strip touches rows[24 .. 48] = y[0 .. 24] and
            // t_at[24 .. 54] = out[6j .. 6j + 30] (6j + 30 ≤ 48) only.
            unsafe { self.strip_raw(&mut block, rows, t_at, 4) };
        }
        out
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
