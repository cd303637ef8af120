#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Mutation check of the core's unit tests: apply each single-rule mutation
to a temporary copy of src/vtlb (the checkout is never touched), build
unit-core against it and show which tests catch it. Every line must show
failures (or a crash). Usage: tests/unit/mutants.py [index...]"""
import subprocess, shutil, os, sys, tempfile
root=os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
muts=[
 ('walk.c','(user || (v->cr0 & CR0_WP))','(user)'),
 ('walk.c','		w->error |= PFERR_P;\n		return VTLB_WALK_FAULT;\n	}\n\n	frame','		return VTLB_WALK_FAULT;\n	}\n\n	frame'),
 ('walk.c','return (pde & PTE_PS) && (v->cr4 & CR4_PSE);','return (pde & PTE_PS);'),
 ('walk.c','	if (!vtlb_gpa_in_ram(v, frame))\n		return VTLB_WALK_BAD_FRAME;','	if (0)\n		return VTLB_WALK_BAD_FRAME;'),
 ('walk.c','		if (!(e & PTE_P))\n			return VTLB_WALK_FAULT;\n		rights &= e;','		if (!(e & PTE_P))\n			return VTLB_WALK_FAULT;\n		*ent[level] |= PTE_A;\n		rights &= e;'),
 ('fill.c','		us = PTE_US;\n',''),
 ('fill.c','	if (leaf && !(gentry & PTE_D))\n		rw = 0;\n',''),
 ('fill.c','		if (!(v->cr0 & CR0_WP))\n			rw = PTE_RW;\n',''),
 ('control.c','		vtlb_drop_hier(v, VTLB_SUP);\n',''),
 ('control.c','				if (vtlb_drop_pt_if_empty(v, h, slot))\n','				if (0)\n'),
 ('control.c','	v->stats.flush_cr3++;\n	flush_everything(v);','	v->stats.flush_cr3++;'),
 ('control.c','			if (vtlb_holds_4m(v, h, slot)) {','			if (*pde & PTE_PS) {'),
 ('eager.c','(!gpt || ((ge & PTE_P) && (ge & PTE_A)));','(!gpt || ((ge & PTE_P)));'),
 ('eager.c','	if (!(gpde & PTE_P) || !(gpde & PTE_A)) {','	if (!(gpde & PTE_P)) {'),
 ('eager.c','		v->stats.eager_flush++;\n		v->ops->flush_all(v->ctx);\n','		v->stats.eager_flush++;\n'),
 ('fault.c','	if (active_allows(v, vtlb_cur_hier(v), addr, write)) {','	if (0) {'),
 ('fault.c','		vtlb_drop_all(v);\n		v->ops->flush_all(v->ctx);\n',''),
 ('hier.c','	if (index == 0 || index >= HOST_PT_ENTRIES)','	if (index >= HOST_PT_ENTRIES)'),
 ('hier.c','	if (v->stats.tables_cur >= v->cfg.max_tables) {','	if (0) {'),
 ('hier.c','	vtlb_slot_used(v, h, slot);\n',''),
 ('fill.c','	vtlb_slot_used(v, h, va >> 21);\n',''),
 ('fill.c','v->cfg.host_4k_only || ',''),
 ('fill.c','		return v->ops->ram_2m_block(v->ctx, gpa_2m, hpa);\n','		(void)0;\n'),
]
which = [int(a) for a in sys.argv[1:]] or range(len(muts))
for i in which:
    f,a,b = muts[i]
    d=tempfile.mkdtemp(prefix='vtlb-mut%d-' % i)
    shutil.copytree(root+'/src/vtlb', d, dirs_exist_ok=True)
    s=open(d+'/'+f).read()
    assert a in s, (i,a)
    open(d+'/'+f,'w').write(s.replace(a,b,1))
    srcs=[d+'/'+x for x in sorted(os.listdir(d)) if x.endswith('.c')]
    tests=[root+'/tests/unit/'+x for x in sorted(os.listdir(root+'/tests/unit')) if x.endswith('.c')]
    cmd=['gcc','-std=gnu11','-O1','-g','-w','-I'+root+'/include','-I'+root+'/src','-I'+root+'/tests/lib','-fsanitize=address,undefined','-fno-sanitize-recover=all','-o',d+'/t']+tests+srcs+[root+'/tests/lib/check.c',root+'/tests/lib/env.c']
    subprocess.run(cmd,check=True)
    r=subprocess.run([d+'/t'],capture_output=True,text=True)
    fails=[l.split(': ')[-1] for l in r.stderr.splitlines()+r.stdout.splitlines() if l.startswith('not ok')]
    summ=[l for l in (r.stdout+r.stderr).splitlines() if l.startswith('unit-core:')]
    caught = bool(fails) or not summ
    print('caught' if caught else 'MISSED', i, f, repr(a[:50]), '->', summ[-1] if summ else 'CRASH rc=%d'%r.returncode, fails[:4])
    shutil.rmtree(d)
