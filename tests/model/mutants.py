#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Show that the model tests can fail: build model-diff and model-access
against mutated COPIES of src/vtlb (or of the reference model) in a
scratch directory and check that each mutant is detected.

    python3 model/mutants.py [SCRATCH_DIR]      (run from tests/)

A mutation whose source text is no longer found is reported "n/a" (the
core changed); a mutant that passes both tests is reported "SURVIVED".
Nothing in the tree is modified. Exit status 1 if any applicable mutant
survived.
"""
import os, shutil, subprocess, sys

CFLAGS = ("-std=gnu11 -O1 -g -Wall -Wextra -I../include -I../src -Ilib "
          "-Imodel -fsanitize=address,undefined -fno-sanitize-recover=all").split()

# (name, file, old text, new text)
MUTANTS = [
    ("invlpg-no-host-flush", "src/vtlb/control.c",
     "\telse\n\t\tv->ops->flush_va(v->ctx, va);", "\telse\n\t\t;"),
    ("invlpg-4m-flushes-one-2m-half", "src/vtlb/control.c",
     "\tif (wide)\n\t\tv->ops->flush_all(v->ctx);", "\tif (wide)\n\t\tv->ops->flush_va(v->ctx, va);"),
    ("wp-0-to-1-keeps-sup-entries", "src/vtlb/control.c",
     "vtlb_drop_hier(v, VTLB_SUP);", ";"),
    ("cr3-write-keeps-active-entries", "src/vtlb/control.c",
     "v->stats.flush_cr3++;\n\tflush_everything(v);", "v->stats.flush_cr3++;\n\tv->ops->flush_all(v->ctx);"),
    ("walker-ignores-wp", "src/vtlb/walk.c",
     "(user || (v->cr0 & CR0_WP))", "user"),
    ("walker-ignores-pde-rights", "src/vtlb/walk.c",
     "\t\trights &= e;", "\t\tif (!level)\n\t\t\trights &= e;"),
    ("walker-never-sets-d", "src/vtlb/walk.c",
     "u32 set = PTE_A | (leaf && write ? PTE_D : 0);", "u32 set = PTE_A + 0 * leaf;"),
    ("walker-no-rsvd-bit", "src/vtlb/walk.c",
     "w->error |= PFERR_P | PFERR_RSVD;", "w->error |= PFERR_P;"),
    ("ram-check-off-by-one", "src/vtlb/walk.c",
     "return gpa < v->cfg.ram_size;", "return gpa <= v->cfg.ram_size;"),
    ("leaf-writable-before-d", "src/vtlb/fill.c",
     "if (leaf && !(gentry & PTE_D))\n\t\trw = 0;", "(void)leaf;"),
    ("sup-hier-keeps-guest-us", "src/vtlb/fill.c",
     "\t\tus = PTE_US;", "\t\tus = gentry & PTE_US;"),
    ("spurious-fault-no-flush", "src/vtlb/fault.c",
     "v->stats.pf_spurious++;\t\t\t/* blocks 822/828 */\n\t\tv->ops->flush_va(v->ctx, addr);",
     "v->stats.pf_spurious++;"),
    ("model-ignores-wp", "tests/model/ref.c",
     "} else if (write && !rw && (c->cr0 & CR0_WP)) {", "} else if (write && !rw && 0) {"),
    ("model-no-pde-a-bit", "tests/model/ref.c",
     "\t\tif (!(pde & PTE_A)) {", "\t\tif (0) {"),
    ("model-user-bit-wrong", "tests/model/ref.c",
     "u32 acc = (write ? PFERR_W : 0) | (user ? PFERR_U : 0);",
     "u32 acc = (write ? PFERR_W : 0);"),
]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    tests = os.getcwd()
    root = os.path.dirname(tests)
    scratch = sys.argv[1] if len(sys.argv) > 1 else "/tmp/vtlb-mutants"
    ops = os.environ.get("MUTANT_OPS", "40000")
    survived = 0
    for name, path, old, new in MUTANTS:
        d = os.path.join(scratch, name)
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(os.path.join(root, "src/vtlb"), os.path.join(d, "src/vtlb"))
        shutil.copy(os.path.join(tests, "model/ref.c"), os.path.join(d, "ref.c"))
        target = os.path.join(d, "ref.c") if path.startswith("tests/") \
            else os.path.join(d, path)
        text = open(target).read()
        if text.count(old) != 1:
            print(f"{name}: n/a (text not found once in {path})")
            continue
        open(target, "w").write(text.replace(old, new))
        core = sorted(os.path.join(d, "src/vtlb", f)
                      for f in os.listdir(os.path.join(d, "src/vtlb"))
                      if f.endswith(".c"))
        common = [os.path.join(d, "ref.c"), "model/simcpu.c", "model/world.c"] \
            + core + ["lib/check.c", "lib/env.c"]
        verdicts = []
        for prog, args in (("diff", [ "1", ops]), ("access", [])):
            exe = os.path.join(d, prog)
            b = run(["gcc"] + CFLAGS + ["-o", exe, f"model/{prog}.c"] + common)
            if b.returncode:
                verdicts.append(f"{prog}: build failed")
                continue
            r = run([exe] + args, timeout=600)
            lines = [l for l in (r.stdout + r.stderr).splitlines()
                     if "DISAGREEMENT" in l or "access matrix:" in l
                     or "runtime error" in l or "ERROR: AddressSanitizer" in l]
            verdicts.append(f"{prog}: " + ("caught (" + (lines[0][:150] if lines else
                                            f"exit {r.returncode}") + ")"
                                           if r.returncode else "passed"))
        caught = any("caught" in v for v in verdicts)
        survived += not caught
        print(f"{name}: {'caught' if caught else 'SURVIVED'}")
        for v in verdicts:
            print("    " + v)
        sys.stdout.flush()
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
