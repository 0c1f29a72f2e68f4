//! The x86-64 Montgomery kernels, the only module of the crate with `unsafe` code: inline assembly
//! (`adx`) and AVX-512 intrinsics (`ifma`), each reached only through a token type that exists once
//! run-time detection has found the CPU features it needs. Every `unsafe` block carries a SAFETY
//! comment; the portable kernel (`engine::mont`) is the fallback and the reference.

pub(crate) mod adx;
pub(crate) mod ifma;
#[cfg(test)]
mod test_support;
