//! Which Montgomery kernel runs the engine's multiplications, chosen once per process.
//!
//! The portable kernel (`engine::mont`) runs everywhere and is the reference. On x86-64 two more
//! exist (`engine::x86`): AVX-512 IFMA, used when the CPU has it, else MULX/ADX assembly when the
//! CPU has BMI2 and ADX. The choice is made on first use: the environment variable
//! `COGNITO_SRP_KERNEL` set to `portable`, `x86_adx` or `x86_ifma` asks for that kernel (taken if
//! the CPU can run it, else the fastest it can), any other value (or none) takes the fastest one
//! the CPU supports. [`set`] overrides it later (benches, tests). A new kernel is its module (a
//! type with `detect`, `mul` and `square`) and one line in the `kernels!` list below.

use std::sync::atomic::{AtomicU8, Ordering};

use super::mont::Fe;

/// Declares the kernels, each once: its [`Kernel`] variant, name, selection code, the `cfg` it exists
/// under and its type (which has `detect`, `mul` and `square`). From that list come the public
/// [`Kernel`], the [`Active`] value holding a detected kernel, [`instance`], the kernels' [`Mont`]
/// implementations, and [`Active::run`], the one dispatch. Listed from the reference to the fastest:
/// [`best`] takes the last one the CPU runs.
macro_rules! kernels {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal, $code:literal, cfg($($cfg:tt)*), $ty:ty;
    )*) => {
        /// A Montgomery kernel.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Kernel {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Kernel {
            /// Every kernel, available or not.
            pub const ALL: [Kernel; [$($code),*].len()] = [$(Kernel::$variant),*];

            /// The kernel's name, as `COGNITO_SRP_KERNEL` and the benches spell it.
            pub fn name(self) -> &'static str {
                match self {
                    $( Kernel::$variant => $name, )*
                }
            }

            fn code(self) -> u8 {
                match self {
                    $( Kernel::$variant => $code, )*
                }
            }
        }

        /// A kernel ready to run (holding the proof that the CPU supports it).
        #[derive(Clone, Copy)]
        pub(crate) enum Active {
            $( #[cfg($($cfg)*)] $variant($ty), )*
        }

        $(
            #[cfg($($cfg)*)]
            impl Mont for $ty {
                #[inline(always)]
                fn mul(self, a: &Fe, b: &Fe) -> Fe {
                    <$ty>::mul(self, a, b)
                }

                #[inline(always)]
                fn square(self, a: &Fe) -> Fe {
                    <$ty>::square(self, a)
                }
            }
        )*

        /// The kernel `k` if this CPU can run it.
        pub(crate) fn instance(k: Kernel) -> Option<Active> {
            match k {
                $(
                    #[cfg($($cfg)*)]
                    Kernel::$variant => <$ty>::detect().map(Active::$variant),
                    #[cfg(not($($cfg)*))]
                    Kernel::$variant => None,
                )*
            }
        }

        impl Active {
            /// Runs `task` on this kernel: the one place a kernel is dispatched to.
            #[inline(always)]
            pub(crate) fn run<T: OnKernel>(self, task: T) -> T::Output {
                match self {
                    $( #[cfg($($cfg)*)] Active::$variant(k) => task.run(k), )*
                }
            }
        }
    };
}

kernels! {
    /// Portable Rust (product scanning with interleaved reduction), on every target: 64-bit limbs
    /// with 128-bit products (`engine::mont`), or with 64-bit products of 32-bit halves on wasm32
    /// (`engine::mont32`).
    Portable = "portable", 1, cfg(all()), Portable;
    /// x86-64 MULX/ADCX/ADOX assembly; needs BMI2 and ADX.
    X86Adx = "x86_adx", 2, cfg(target_arch = "x86_64"), super::x86::adx::Adx;
    /// x86-64 AVX-512 IFMA (52-bit digits, eight products per instruction); needs AVX-512F,
    /// AVX-512BW, AVX-512 IFMA and AVX-512 VBMI.
    X86Ifma = "x86_ifma", 3, cfg(target_arch = "x86_64"), super::x86::ifma::Ifma;
}

impl Kernel {
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

/// Work that runs on whichever kernel is active ([`Active::run`] calls it with that kernel).
pub(crate) trait OnKernel {
    /// What the work returns.
    type Output;
    /// Does the work on kernel `k`.
    fn run<M: Mont>(self, k: M) -> Self::Output;
}

/// The portable kernel.
#[derive(Clone, Copy)]
pub(crate) struct Portable;

// On wasm32, which has no 64 × 64 → 128-bit multiply, the portable kernel uses 32 × 32 → 64-bit products.
#[cfg(not(target_arch = "wasm32"))]
use super::mont as mont_impl;
#[cfg(target_arch = "wasm32")]
use super::mont32 as mont_impl;

impl Portable {
    /// Always available.
    fn detect() -> Option<Portable> {
        Some(Portable)
    }

    #[inline(always)]
    fn mul(self, a: &Fe, b: &Fe) -> Fe {
        mont_impl::mul(a, b)
    }

    #[inline(always)]
    fn square(self, a: &Fe) -> Fe {
        mont_impl::square(a)
    }
}

/// The fastest kernel this CPU supports.
pub fn best() -> Kernel {
    Kernel::ALL
        .into_iter()
        .rev()
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
