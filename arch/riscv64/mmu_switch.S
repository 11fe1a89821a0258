/*
 * Turning the MMU on. The root maps the image both at its physical address
 * (where this code runs) and at +delta, so the instruction after the satp
 * write still fetches; then everything moves to the +delta alias.
 */
	.text
	.globl riscv_mmu_on_and_jump
/* a0 = satp, a1 = delta, a2 = next (physical), a3 = arg */
riscv_mmu_on_and_jump:
	sfence.vma
	csrw	satp, a0
	sfence.vma
	add	sp, sp, a1
	add	a2, a2, a1
	mv	a0, a3
	mv	fp, zero
	mv	ra, zero
	jr	a2

/* Secondary CPUs arrive with the MMU off at the physical address of
 * kernel_secondary_entry (entry.S), which calls this with a1 = struct cpu
 * (a virtual address): turn on the kernel's root and continue at the
 * upper-half alias of secondary_continue in entry.S. */
	.globl riscv_secondary_mmu_on
riscv_secondary_mmu_on:
	lla	t0, arch_mmu_boot
	ld	t1, 0(t0)		/* kernel_root_pa */
	ld	t2, 16(t0)		/* delta */
	srli	t1, t1, 12
	li	t3, 8
	slli	t3, t3, 60
	or	t1, t1, t3
	sfence.vma
	csrw	satp, t1
	sfence.vma
	lla	t0, secondary_continue
	add	t0, t0, t2
	jr	t0
