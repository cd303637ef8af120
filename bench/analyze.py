#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw outputs of scripts/bench into a table (stdout), JSON and a
gnuplot script for the PNG.

    analyze.py WORKDIR OUT.json PLOT.gp PLOT.png

WORKDIR layout (written by scripts/bench):
  meta.json                     date, QEMU version, runs, what was run
  native/NAME.out, NAME.2.out   native, -icount shift=0 (two runs)
  native/NAME.wK.out            native, no icount (wall clock), run K
  vtlb/NAME.FILL.out/.err       vtlb, -icount shift=0, default count
  vtlb/NAME.FILL.base.out/.err  the same with 0 operations (setup only)
  vtlbwall/NAME.FILL.rK.out     vtlb, no icount, run K
Every .out holds a line "bench NAME ops=N tsc=T tsc_per_op=X"; a vtlb .err
ends with the --stats=json counters.
"""
import hashlib
import json
import os
import re
import statistics
import sys

LINE = re.compile(r"^bench (\S+) ops=(\d+) tsc=(\d+) tsc_per_op=([\d.]+)\s*$", re.M)
COUNTERS = ["exits", "exit_pf", "exit_gp", "exit_other_exc", "exit_irq", "pf_total",
            "pf_hidden", "pf_reflected", "pf_spurious", "fill_pt", "fill_4k", "fill_4m",
            "a_set", "d_set", "invlpg", "invlpg_pt_freed", "flush_cr3", "flush_other",
            "cpl_switch", "tables_alloc", "eager_walks", "eager_entries", "io_out",
            "io_in", "insn_emulated", "exc_injected"]
# Host TSC (= instructions under icount) spent per exit kind, when the module
# has these counters (Documentation/benchmarks.md, "Host instructions per
# exit"): counter -> the event counters it is divided by.
# A leading '-' subtracts (insn_emulated counts IN/OUT too). The module
# measures exit handling only (src/linux/run.c, run_account_tsc), not the
# world switch itself; tsc_exc_other is divided by the exits left over.
TSC_KINDS = {"tsc_pf_hidden": ["pf_hidden"], "tsc_pf_reflected": ["pf_reflected"],
             "tsc_pf_spurious": ["pf_spurious"],
             "tsc_gp_insn": ["insn_emulated", "-io_in", "-io_out"],
             "tsc_gp_io": ["io_in", "io_out"], "tsc_irq": ["exit_irq"],
             "tsc_exc_other": ["exits", "-pf_hidden", "-pf_reflected",
                               "-pf_spurious", "-insn_emulated", "-exit_irq"]}


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return None


def bench_line(path):
    """(ops, tsc) from a transcript, or None."""
    text = read(path)
    if text is None:
        return None
    m = LINE.search(text)
    return (int(m.group(2)), int(m.group(3))) if m else None


def status(path):
    s = read(path)
    return int(s.strip()) if s and s.strip().isdigit() else None


def stats_json(path):
    text = read(path)
    if not text:
        return None
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def per_op(tsc, ops):
    return round(tsc / ops, 1) if ops else None


def median_spread(values):
    """median, and the noise: median absolute deviation in percent of the
    median (robust against the odd preempted run)."""
    if not values:
        return None, None
    med = statistics.median(values)
    if not med:
        return med, None
    mad = statistics.median([abs(v - med) for v in values])
    return med, round(mad / med * 100, 1)


def main():
    work, out_json, plot_gp, plot_png = sys.argv[1:5]
    meta = json.loads(read(os.path.join(work, "meta.json")))
    names = meta["workloads"]
    problems = []
    res = {}
    for n in names:
        w = {"description": meta.get("descriptions", {}).get(n, "")}
        nat = bench_line(os.path.join(work, "native", n + ".out"))
        nat2 = bench_line(os.path.join(work, "native", n + ".2.out"))
        st = status(os.path.join(work, "native", n + ".status"))
        if nat is None or st != 1:
            problems.append(f"{n}: native run failed (status {st})")
        else:
            w["ops"] = nat[0]
            w["native"] = {"insns": nat[1], "insns_per_op": per_op(nat[1], nat[0])}
            if nat2 != nat:
                problems.append(f"{n}: native not reproducible: {nat} vs {nat2}")
        # wall clock, native (same QEMU binary as the test VM)
        wall = {}
        vals = []
        for k in range(1, meta.get("wall_runs", 0) + 1):
            b = bench_line(os.path.join(work, "native", f"{n}.w{k}.out"))
            if b:
                vals.append(b[1] / b[0] if b[0] else 0)
        med, spr = median_spread(vals)
        if med is not None:
            wall["native"] = {"cycles_per_op_median": round(med, 1), "noise_pct": spr,
                              "runs": len(vals)}
        for fill in ("lazy", "eager"):
            main_ = bench_line(os.path.join(work, "vtlb", f"{n}.{fill}.out"))
            if main_ is None:
                if meta.get("vtlb"):
                    st = status(os.path.join(work, "vtlb", f"{n}.{fill}.status"))
                    problems.append(f"{n}: vtlb {fill} run failed (status {st})")
                continue
            v = {"insns": main_[1], "insns_per_op": per_op(main_[1], main_[0])}
            if "native" in w and w["native"]["insns_per_op"]:
                v["ratio"] = round(main_[1] / main_[0] / (w["native"]["insns"] / w["ops"]), 2) \
                    if main_[0] else None
            s1 = stats_json(os.path.join(work, "vtlb", f"{n}.{fill}.err"))
            s0 = stats_json(os.path.join(work, "vtlb", f"{n}.{fill}.base.err"))
            if s1 and s0 and main_[0]:
                d = {c: round((s1.get(c, 0) - s0.get(c, 0)) / main_[0], 3)
                     for c in COUNTERS if c in s1}
                v["per_op"] = d
                ex = d.get("exits")
                if ex and "native" in w:
                    extra = v["insns_per_op"] - w["native"]["insns_per_op"]
                    v["extra_insns_per_exit"] = round(extra / ex, 1)
                kinds = {}
                for k, evs in TSC_KINDS.items():
                    if k in s1:	# the loop's share: N run minus the 0 run
                        cnt = sum((-1 if e[0] == "-" else 1) *
                                  (s1.get(e.lstrip("-"), 0) - s0.get(e.lstrip("-"), 0))
                                  for e in evs)
                        tsc = s1[k] - s0.get(k, 0)
                        kinds[k[4:]] = round(tsc / cnt, 1) if cnt else None
                if kinds:
                    v["host_insns_per_exit"] = kinds
                v["counters"] = s1
            vals = []
            for k in range(1, meta.get("wall_runs", 0) + 1):
                b = bench_line(os.path.join(work, "vtlbwall", f"{n}.{fill}.r{k}.out"))
                if b:
                    vals.append(b[1] / b[0] if b[0] else 0)
            med, spr = median_spread(vals)
            if med is not None:
                wall[fill] = {"cycles_per_op_median": round(med, 1), "noise_pct": spr,
                              "runs": len(vals)}
                if "native" in wall and wall["native"]["cycles_per_op_median"]:
                    wall[fill]["ratio"] = round(med / wall["native"]["cycles_per_op_median"], 2)
            w[fill] = v
        if wall:
            w["wall_clock"] = wall
        res[n] = w

    doc = dict(meta)
    doc.pop("descriptions", None)
    doc["unit"] = ("insns: guest RDTSC deltas under QEMU -icount shift=0 = retired "
                   "instructions of the whole emulated machine; wall_clock: RDTSC "
                   "without icount = host TSC cycles, median of runs, noise_pct = "
                   "median absolute deviation in percent of the median")
    doc["results"] = res
    doc["problems"] = problems
    # Digest of the deterministic (icount) numbers: equal on two runs.
    det = {n: {k: w.get(k) for k in ("ops", "native", "lazy", "eager")} for n, w in res.items()}
    doc["icount_digest"] = hashlib.sha256(json.dumps(det, sort_keys=True).encode()).hexdigest()[:16]
    with open(out_json, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")

    # The table.
    have_vtlb = any("lazy" in w or "eager" in w for w in res.values())
    hdr = f"{'workload':<12} {'ops':>6} {'native':>10}"
    if have_vtlb:
        hdr += f" {'lazy':>10} {'ratio':>7} {'exits':>7} {'eager':>10} {'ratio':>7} {'exits':>7}"
    hdr += f" {'wall nat':>10} {'noise':>6}"
    if have_vtlb:
        hdr += f" {'wall lazy':>9} {'wall eager':>10}"
    print("instructions per operation (guest RDTSC, -icount shift=0); exits per operation;")
    print("wall: host TSC cycles per op without icount, median of %d runs, noise = MAD in %% of it" %
          meta.get("wall_runs", 0))
    print(hdr)

    def fmt(x, width, nd=1):
        if x is None:
            return f"{'-':>{width}}"
        return f"{x:>{width}.{nd}f}"

    for n in names:
        w = res[n]
        row = f"{n:<12} {w.get('ops', 0):>6} {fmt(w.get('native', {}).get('insns_per_op'), 10)}"
        if have_vtlb:
            for fill in ("lazy", "eager"):
                v = w.get(fill, {})
                row += (f" {fmt(v.get('insns_per_op'), 10)} {fmt(v.get('ratio'), 7, 2)}"
                        f" {fmt(v.get('per_op', {}).get('exits'), 7, 2)}")
        wc = w.get("wall_clock", {})
        row += (f" {fmt(wc.get('native', {}).get('cycles_per_op_median'), 10)}"
                f" {fmt(wc.get('native', {}).get('noise_pct'), 6)}")
        if have_vtlb:
            row += (f" {fmt(wc.get('lazy', {}).get('ratio'), 9, 2)}"
                    f" {fmt(wc.get('eager', {}).get('ratio'), 10, 2)}")
        print(row)
    for n in names:
        for fill in ("lazy", "eager"):
            k = res[n].get(fill, {}).get("host_insns_per_exit")
            if k:
                print(f"host instructions per exit, {n} {fill}: " +
                      ", ".join(f"{a}={b}" for a, b in sorted(k.items())))
    print("icount digest (identical on two runs): " + doc["icount_digest"])
    for p in problems:
        print("PROBLEM: " + p)

    # The plot: ratio bars (lazy vs eager), or native instructions per op.
    data = plot_gp + ".dat"
    with open(data, "w") as f:
        for n in names:
            w = res[n]
            if have_vtlb:
                f.write("%s %s %s\n" % (n, w.get("lazy", {}).get("ratio", "NaN"),
                                        w.get("eager", {}).get("ratio", "NaN")))
            else:
                f.write("%s %s\n" % (n, w.get("native", {}).get("insns_per_op", "NaN")))
    with open(plot_gp, "w") as f:
        f.write('set terminal png noenhanced size 1000,560 font ",10"\n')
        f.write(f'set output "{plot_png}"\n')
        f.write("set style data histograms\nset style histogram clustered gap 1\n")
        f.write("set style fill solid 0.8 border -1\nset boxwidth 0.9\n")
        f.write("set xtics rotate by -30\nset logscale y\nset yrange [0.5:*]\nset grid ytics\nset key top left\n")
        if have_vtlb:
            f.write('set title "vtlb / native: guest instructions per operation '
                    '(QEMU -icount shift=0; log scale)"\n')
            f.write('set ylabel "ratio vtlb / native"\n')
            f.write(f'plot "{data}" using 2:xtic(1) title "lazy fill", '
                    f'"" using 3 title "eager fill"\n')
        else:
            f.write('set title "native guest instructions per operation '
                    '(QEMU -icount shift=0; vtlb not run)"\n')
            f.write('set ylabel "instructions per operation"\n')
            f.write(f'plot "{data}" using 2:xtic(1) title "native"\n')
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
