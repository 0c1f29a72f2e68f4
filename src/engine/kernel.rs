//! Which Montgomery kernel runs the engine's multiplications, chosen once per process.
//!
//! The portable kernel (`engine::mont`) runs everywhere and is the reference. On x86-64 two more
//! exist (`engine::x86`): AVX-512 IFMA, used when the CPU has it, else MULX/ADX assembly when the
//! CPU has BMI2 and ADX. The choice is made on first use: the environment variable
//! `COGNITO_SRP_KERNEL` set to `portable`, `x86_adx` or `x86_ifma` asks for that kernel (taken if
//! the CPU can run it, else the fastest it can), any other value (or none) takes the fastest one
//! the CPU supports. [`set`] overrides it later (benches, tests). A new kernel is one more
//! [`Kernel`] variant, one more `Active` variant and its `Mont` impl.

use std::sync::atomic::{AtomicU8, Ordering};

use super::mont::Fe;

/// A Montgomery kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    /// Portable Rust (product scanning with interleaved reduction), on every target: 64-bit limbs
    /// with 128-bit products (`engine::mont`), or with 64-bit products of 32-bit halves on wasm32
    /// (`engine::mont32`).
    Portable,
    /// x86-64 MULX/ADCX/ADOX assembly; needs BMI2 and ADX.
    X86Adx,
    /// x86-64 AVX-512 IFMA (52-bit digits, eight products per instruction); needs AVX-512F,
    /// AVX-512BW, AVX-512 IFMA and AVX-512 VBMI.
    X86Ifma,
}

impl Kernel {
    /// Every kernel, available or not.
    pub const ALL: [Kernel; 3] = [Kernel::Portable, Kernel::X86Adx, Kernel::X86Ifma];

    /// The kernel's name, as `COGNITO_SRP_KERNEL` and the benches spell it.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Portable => "portable",
            Kernel::X86Adx => "x86_adx",
            Kernel::X86Ifma => "x86_ifma",
        }
    }

    fn code(self) -> u8 {
        match self {
            Kernel::Portable => 1,
            Kernel::X86Adx => 2,
            Kernel::X86Ifma => 3,
        }
    }

    fn from_code(code: u8) -> Option<Kernel> {
        Kernel::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Montgomery multiplication and squaring modulo N on fully reduced inputs.
pub(crate) trait Mont: Copy {
    /// `a·b·R⁻¹ mod N`.
    fn mul(self, a: &Fe, b: &Fe) -> Fe;
    /// `a²·R⁻¹ mod N`.
    fn square(self, a: &Fe) -> Fe;
}

/// The portable kernel.
#[derive(Clone, Copy)]
pub(crate) struct Portable;

// On wasm32, which has no 64 × 64 → 128-bit multiply, the portable kernel uses 32 × 32 → 64-bit products.
#[cfg(not(target_arch = "wasm32"))]
use super::mont as mont_impl;
#[cfg(target_arch = "wasm32")]
use super::mont32 as mont_impl;

impl Mont for Portable {
    #[inline(always)]
    fn mul(self, a: &Fe, b: &Fe) -> Fe {
        mont_impl::mul(a, b)
    }

    #[inline(always)]
    fn square(self, a: &Fe) -> Fe {
        mont_impl::square(a)
    }
}

#[cfg(target_arch = "x86_64")]
impl Mont for super::x86::adx::Adx {
    #[inline(always)]
    fn mul(self, a: &Fe, b: &Fe) -> Fe {
        super::x86::adx::Adx::mul(self, a, b)
    }

    #[inline(always)]
    fn square(self, a: &Fe) -> Fe {
        super::x86::adx::Adx::square(self, a)
    }
}

#[cfg(target_arch = "x86_64")]
impl Mont for super::x86::ifma::Ifma {
    #[inline(always)]
    fn mul(self, a: &Fe, b: &Fe) -> Fe {
        super::x86::ifma::Ifma::mul(self, a, b)
    }

    #[inline(always)]
    fn square(self, a: &Fe) -> Fe {
        super::x86::ifma::Ifma::square(self, a)
    }
}

/// A kernel ready to run (holding the proof that the CPU supports it).
#[derive(Clone, Copy)]
pub(crate) enum Active {
    /// [`Kernel::Portable`].
    Portable(Portable),
    /// [`Kernel::X86Adx`].
    #[cfg(target_arch = "x86_64")]
    X86Adx(super::x86::adx::Adx),
    /// [`Kernel::X86Ifma`].
    #[cfg(target_arch = "x86_64")]
    X86Ifma(super::x86::ifma::Ifma),
}

/// The kernel `k` if this CPU can run it.
pub(crate) fn instance(k: Kernel) -> Option<Active> {
    match k {
        Kernel::Portable => Some(Active::Portable(Portable)),
        #[cfg(target_arch = "x86_64")]
        Kernel::X86Adx => super::x86::adx::Adx::detect().map(Active::X86Adx),
        #[cfg(target_arch = "x86_64")]
        Kernel::X86Ifma => super::x86::ifma::Ifma::detect().map(Active::X86Ifma),
        #[cfg(not(target_arch = "x86_64"))]
        Kernel::X86Adx | Kernel::X86Ifma => None,
    }
}

/// The fastest kernel this CPU supports.
pub fn best() -> Kernel {
    [Kernel::X86Ifma, Kernel::X86Adx]
        .into_iter()
        .find(|&k| instance(k).is_some())
        .unwrap_or(Kernel::Portable)
}

/// Every kernel this CPU can run, the portable one first.
pub fn available() -> Vec<Kernel> {
    Kernel::ALL
        .into_iter()
        .filter(|&k| instance(k).is_some())
        .collect()
}

/// 0 until the first choice, then a [`Kernel`] code.
static SELECTED: AtomicU8 = AtomicU8::new(0);

/// The kernel in use: chosen on first call (see the module documentation), then cached.
pub fn selected() -> Kernel {
    if let Some(k) = Kernel::from_code(SELECTED.load(Ordering::Relaxed)) {
        return k;
    }
    let asked = std::env::var("COGNITO_SRP_KERNEL").ok();
    let k = Kernel::ALL
        .into_iter()
        .find(|k| asked.as_deref() == Some(k.name()) && instance(*k).is_some())
        .unwrap_or_else(best);
    // A concurrent first use may have chosen too: both computed the same value, or `set` won.
    match SELECTED.compare_exchange(0, k.code(), Ordering::Relaxed, Ordering::Relaxed) {
        Ok(_) => k,
        Err(code) => Kernel::from_code(code).unwrap_or(k),
    }
}

/// Makes `k` the kernel for every later exponentiation in this process. Returns `false` (and changes
/// nothing) if this CPU cannot run it.
pub fn set(k: Kernel) -> bool {
    if instance(k).is_none() {
        return false;
    }
    SELECTED.store(k.code(), Ordering::Relaxed);
    true
}

/// The selected kernel, ready to run.
#[inline]
pub(crate) fn active() -> Active {
    // `selected` only ever returns a kernel whose instance exists.
    instance(selected()).unwrap_or(Active::Portable(Portable))
}
