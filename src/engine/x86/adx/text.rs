//! Assembly text for the kernel: each macro expands to a string literal of Intel-syntax
//! instructions, one unrolled step per limb or row index it is given.

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

/// For each limb index i: `mid[i] = p0[i] + p2[i] + CF + p1n[i] + OF` (rdi = mid, rsi = p0, r8 = p2,
/// r9 = p1n).
macro_rules! middle_limbs {
    ($($i:literal)*) => {
        concat!($(
            "mov rax, qword ptr [rsi + 8*", $i, "]\n",
            "adcx rax, qword ptr [r8 + 8*", $i, "]\n",
            "adox rax, qword ptr [r9 + 8*", $i, "]\n",
            "mov qword ptr [rdi + 8*", $i, "], rax\n",
        )*)
    };
}

/// For each limb index i: `t[24 + i] += mid[i] + CF` (rdi = t, rsi = mid).
macro_rules! add_middle_limbs {
    ($($i:literal)*) => {
        concat!($(
            "mov rax, qword ptr [rsi + 8*", $i, "]\n",
            "adc qword ptr [rdi + 8*24 + 8*", $i, "], rax\n",
        )*)
    };
}

/// For each limb index i: `t[i] += CF` (rdi = t).
macro_rules! carry_limbs {
    ($($i:literal)*) => {
        concat!($(
            "adc qword ptr [rdi + 8*", $i, "], 0\n",
        )*)
    };
}
