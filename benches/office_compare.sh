#!/usr/bin/env bash
# baomi vs. a hand-written Python pipeline (benches/python_pipeline.py) on the xlsx + docx part of a
# benchmark corpus made by gen_bench_corpus.py. Timed runs alternate python / baomi, RUNS times each,
# under /usr/bin/time -f "%e %M"; medians, peak RSS, the speed ratio and the detected counts vs.
# truth.json go to stdout and to $OUT (Markdown).
#
#   benches/office_compare.sh            # defaults below; override with env vars
#   CORPUS=/work/bench/c20 RUNS=1 OUT=/tmp/x.md benches/office_compare.sh
#
# Env: CORPUS (dir with xlsx/, docx/, truth.json), DICT, RUNS (3), JOBS (2), OUT, SENSITIVITY (1: one
# extra run of the Python pipeline with --terms-skip-ascii), PYTHON (python3), WAIT_IDLE (600: wait up
# to this many seconds for the machine to be >= 90% idle over 5 s before starting; 0 = don't wait).
# The binary is copied to the work dir first and the copy is run, so a concurrent `cargo build` that
# replaces target/release/baomi cannot mix two builds within one comparison.
set -euo pipefail

cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-/work/bench/c200}
DICT=${DICT:-/work/bench/dict.txt}
RUNS=${RUNS:-3}
JOBS=${JOBS:-2}
OUT=${OUT:-/work/bench/office_compare.md}
SENSITIVITY=${SENSITIVITY:-1}
PYTHON=${PYTHON:-python3}
WAIT_IDLE=${WAIT_IDLE:-600}
SRC_BIN=target/release/baomi
DIRS=("$CORPUS/xlsx" "$CORPUS/docx")

[ -x "$SRC_BIN" ] || cargo build --release
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 1; }

W=$(mktemp -d /tmp/office_compare.XXXXXX)
echo "work dir: $W" >&2
BIN="$W/baomi"
cp "$SRC_BIN" "$BIN"

idle_pct() {  # % idle over 5 s, from /proc/stat
  local a b
  a=($(head -1 /proc/stat)); sleep 5; b=($(head -1 /proc/stat))
  local ta=0 tb=0 k
  for k in 1 2 3 4 5 6 7 8; do ta=$((ta + a[k])); tb=$((tb + b[k])); done
  echo $(( 100 * ((b[4] + b[5]) - (a[4] + a[5])) / (tb - ta) ))
}
if [ "$WAIT_IDLE" -gt 0 ]; then
  waited=0
  while :; do
    idle=$(idle_pct); waited=$((waited + 5))
    [ "$idle" -ge 90 ] && break
    [ "$waited" -ge "$WAIT_IDLE" ] && { echo "machine still busy (${idle}% idle) after ${waited}s; running anyway" >&2; break; }
    sleep 5; waited=$((waited + 5))
  done
  echo "idle ${idle}% after waiting ${waited}s" >&2
fi
IDLE_AT_START=${idle:-?}

# Peak of the summed RSS (KiB) of a process and all its descendants, sampled every 0.2 s.
# (/usr/bin/time's %M is the peak of the single largest process, which undercounts a Pool.)
tree_rss_peak() {
  local root=$1 peak=0 pids s
  while kill -0 "$root" 2>/dev/null; do
    pids=$root; local frontier=$root
    while [ -n "$frontier" ]; do
      frontier=$(pgrep -d, -P "$frontier" || true)
      [ -n "$frontier" ] && pids="$pids,$frontier"
    done
    s=$(ps -o rss= -p "$pids" 2>/dev/null | awk '{t+=$1} END{print t+0}')
    [ "$s" -gt "$peak" ] && peak=$s
    sleep 0.2
  done
  echo "$peak"
}

# run NAME I CMD...: time CMD (stdout to $W/NAME.I.out; baomi's to /dev/null), record "wall maxrss treerss" in $W/NAME.times
run() {
  local name=$1 i=$2; shift 2
  local out="$W/$name.$i.out"; [ "$name" = baomi ] && out=/dev/null
  /usr/bin/time -f "%e %M" -o "$W/$name.$i.time" "$@" > "$out" 2> "$W/$name.$i.err" &
  local pid=$!
  local tree; tree=$(tree_rss_peak "$pid")
  local rc=0; wait "$pid" || rc=$?
  # baomi exits 2 when some item is blocked: expected here
  if [ "$rc" -ne 0 ] && ! { [ "$name" = baomi ] && [ "$rc" -eq 2 ]; }; then
    echo "$name run $i failed (rc=$rc):" >&2; cat "$W/$name.$i.err" >&2; exit 1
  fi
  echo "$(tail -n1 "$W/$name.$i.time") $tree" >> "$W/$name.times"
  echo "  $name #$i: $(tail -n1 "$W/$name.$i.time") (wall s, max RSS KiB of largest process); tree peak ${tree} KiB" >&2
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
BUSY_BEFORE=$(ps -eo pcpu=,etime=,comm= --sort=-pcpu | awk '$1>5' | head -5 | tr '\n' ';')
echo "load before: $LOAD_BEFORE" >&2

for i in $(seq 1 "$RUNS"); do
  run python "$i" "$PYTHON" benches/python_pipeline.py --jobs "$JOBS" --dict "$DICT" "${DIRS[@]}"
  run baomi "$i" "$BIN" scan --dict "$DICT" --format jsonl --no-progress -j"$JOBS" "${DIRS[@]}"
done
# one more (untimed) baomi run whose jsonl is kept, for the counts
rc=0; "$BIN" scan --dict "$DICT" --format jsonl --no-progress -j"$JOBS" "${DIRS[@]}" > "$W/baomi.jsonl" 2>/dev/null || rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || { echo "baomi jsonl run failed (rc=$rc)" >&2; exit 1; }
if [ "$SENSITIVITY" = 1 ]; then
  run python_skipascii 1 "$PYTHON" benches/python_pipeline.py --jobs "$JOBS" --dict "$DICT" --terms-skip-ascii "${DIRS[@]}"
fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
BUSY_AFTER=$(ps -eo pcpu=,etime=,comm= --sort=-pcpu | awk '$1>5' | head -5 | tr '\n' ';')
echo "load after: $LOAD_AFTER" >&2

export W CORPUS DICT RUNS JOBS OUT BIN SRC_BIN LOAD_BEFORE LOAD_AFTER BUSY_BEFORE BUSY_AFTER SENSITIVITY PYTHON IDLE_AT_START
"$PYTHON" - <<'PY'
import hashlib, json, os, platform, re, statistics, subprocess, sys, time
from collections import defaultdict
from importlib.metadata import version

W, CORPUS, OUT, BIN = os.environ["W"], os.environ["CORPUS"], os.environ["OUT"], os.environ["BIN"]
SRC_BIN = os.environ["SRC_BIN"]
RUNS, JOBS = int(os.environ["RUNS"]), int(os.environ["JOBS"])

def times(name):
    rows = [l.split() for l in open(f"{W}/{name}.times")]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows], [int(r[2]) for r in rows]

py_t, py_m, py_tree = times("python")
bm_t, bm_m, bm_tree = times("baomi")
med = statistics.median

# ---- truth: xlsx + docx parts of truth.json
truth = json.load(open(f"{CORPUS}/truth.json"))
bf = truth["totals"]["by_format"]
tr = defaultdict(int)
for fmt in ("xlsx", "docx"):
    for k, v in bf[fmt].items():
        if isinstance(v, int):
            tr[k] += v

# ---- baomi counts from the jsonl of timed run 1
CAP = re.compile(r"未逐条列出（共 (\d+) 处")
PER_FILE = re.compile(r"本文件共 (\d+) 处")
bm = defaultdict(int)
items = 0
for line in open(f"{W}/baomi.jsonl", encoding="utf-8"):
    rep = json.loads(line)
    items += 1
    groups = defaultdict(list)
    for f in rep["findings"]:
        if f["rule"].startswith(("pii.", "term.")):
            groups[(f["rule"], f.get("masked"))].append(f)
    for (rule, masked), fs in groups.items():
        caps = [int(m.group(1)) for f in fs if (m := CAP.search(f["message"] or ""))]
        if caps:              # at most 500 listed, then one summary with the group's total
            n = max(caps)
        else:                 # masked forms come as one finding per file "本文件共 N 处"
            n = sum(int(m.group(1)) if (m := PER_FILE.search(f["message"] or "")) else 1 for f in fs)
        kind = rule.split(".", 1)[1]
        if rule.startswith("term."):
            bm["terms"] += n
        elif masked is None:
            bm[kind] += n
        elif masked is True:
            bm[kind + "_masked"] += n
        else:                 # masked: false = masked but insufficiently (birth date visible)
            bm[kind + "_masked_insufficient"] += n

py = json.loads(open(f"{W}/python.1.out").read())
py_same = all(json.loads(open(f"{W}/python.{i}.out").read()) == py for i in range(1, RUNS + 1))

# ---- environment
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
def sh(*a):
    try:
        return subprocess.run(a, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
sha = hashlib.sha256(open(BIN, "rb").read()).hexdigest()[:16]
sha_now = hashlib.sha256(open(SRC_BIN, "rb").read()).hexdigest()[:16]
nfiles = {d: len(os.listdir(f"{CORPUS}/{d}")) for d in ("xlsx", "docx")}
mb = sum(os.path.getsize(os.path.join(CORPUS, d, f)) for d in ("xlsx", "docx") for f in os.listdir(f"{CORPUS}/{d}")) / 1e6
git = sh("git", "log", "-1", "--format=%h %s")
dirty = sh("git", "status", "--porcelain", "--untracked-files=no")

ratio = med(py_t) / med(bm_t)
L = []
L.append("# baomi vs. a hand-written Python pipeline — xlsx + docx\n")
L.append(f"Generated by `benches/office_compare.sh` on {time.strftime('%Y-%m-%d %H:%M %Z')}.\n")
L.append("## Setup\n")
L.append(f"- Corpus: `{CORPUS}/xlsx` + `{CORPUS}/docx` — {nfiles['xlsx']} xlsx + {nfiles['docx']} docx files, "
         f"{mb:.1f} MB (from `gen_bench_corpus.py`, seed {truth['seed']}); dictionary `{os.environ['DICT']}` "
         f"({sum(1 for _ in open(os.environ['DICT'], encoding='utf-8'))} terms).")
L.append(f"- Machine: `nproc` = {os.cpu_count()}, CPU: {cpu}; {platform.system()} {platform.release()}.")
L.append(f"- Load average (1/5/15 min) before: {os.environ['LOAD_BEFORE']}; after: {os.environ['LOAD_AFTER']}. "
         f"CPU idle over 5 s just before the first run: {os.environ['IDLE_AT_START']}%. "
         f"Processes above 5% CPU (pcpu = lifetime average, elapsed, name) at start: `{os.environ['BUSY_BEFORE'] or 'none'}`; "
         f"at end: `{os.environ['BUSY_AFTER'] or 'none'}`.")
L.append(f"- baomi: `{sh(BIN, '--version')}`, a copy of `{SRC_BIN}` taken at start (sha256 {sha}…"
         + ("" if sha == sha_now else f"; `{SRC_BIN}` was rebuilt during the run, now {sha_now}…") + f"), repo at `{git}`"
         + (f" (uncommitted changes in: {', '.join(x.split()[-1] for x in dirty.splitlines())})" if dirty else "") + ".")
L.append(f"- Python {platform.python_version()}; python-calamine {version('python-calamine')}, "
         f"python-docx {version('python-docx')} (lxml {version('lxml')}), pyahocorasick {version('pyahocorasick')}.")
L.append(f"- {RUNS} timed runs of each, alternating python, baomi, python, …, in one script run; "
         f"`/usr/bin/time -f \"%e %M\"`; both with {JOBS} workers (`Pool({JOBS})` / `-j{JOBS}`).")
L.append(f"- Commands: `python3 benches/python_pipeline.py {CORPUS}/xlsx {CORPUS}/docx` and "
         f"`{SRC_BIN} scan --dict {os.environ['DICT']} --format jsonl --no-progress -j{JOBS} {CORPUS}/xlsx {CORPUS}/docx` "
         "(timed runs `> /dev/null`; one extra untimed run kept its jsonl for the counts).\n")
L.append("## Time and memory\n")
L.append("| | median wall (s) | runs (s) | peak RSS, `%M` (MiB) | peak RSS, process tree (MiB) |")
L.append("|---|---:|---|---:|---:|")
f = lambda xs: ", ".join(f"{x:.2f}" for x in xs)
L.append(f"| Python pipeline | **{med(py_t):.2f}** | {f(py_t)} | {max(py_m)/1024:.0f} | {max(py_tree)/1024:.0f} |")
L.append(f"| baomi | **{med(bm_t):.2f}** | {f(bm_t)} | {max(bm_m)/1024:.0f} | {max(bm_tree)/1024:.0f} |")
if os.environ["SENSITIVITY"] == "1":
    s_t, s_m, s_tree = times("python_skipascii")
    L.append(f"| Python, `--terms-skip-ascii` (1 run, sensitivity) | {s_t[0]:.2f} | {f(s_t)} | {max(s_m)/1024:.0f} | {max(s_tree)/1024:.0f} |")
L.append("")
L.append(f"**Speed ratio (median Python / median baomi): {ratio:.1f}×.**"
         + (f" Against the `--terms-skip-ascii` variant: {s_t[0]/med(bm_t):.1f}×." if os.environ['SENSITIVITY'] == '1' else "") + "\n")
L.append("`%M` is GNU time's max RSS of the single largest process (for the Pool: one worker or the parent, "
         "not their sum). \"Process tree\" is the peak of the summed RSS of the process and its descendants, "
         "sampled every 0.2 s (can miss short spikes; counts shared pages once per process).\n")
L.append("## Detected counts vs. truth (xlsx + docx)\n")
L.append(f"baomi: summed over the {items} reports of the untimed jsonl run; where baomi lists 500 findings of a rule and then "
         "one summary (\"同类发现另有 N 处未逐条列出（共 M 处…\"), M is taken; masked forms are reported once per file "
         "(\"本文件共 N 处\"), N is taken. Python: run 1 (all runs identical: " + ("yes" if py_same else "**NO**") + ").\n")
L.append("| | truth | baomi | Python |")
L.append("|---|---:|---:|---:|")
rows = [("cn_resident_id (unmasked)", "cn_resident_id"), ("cn_mobile (unmasked)", "cn_mobile"),
        ("bank_card (unmasked)", "bank_card")]
for label, k in rows:
    L.append(f"| **{label}** | {tr[k]} | {bm[k]} | {py[k]} |")
L.append(f"| terms | {tr['terms']} | {bm['terms']} | {py['terms']} |")
L.append(f"| cn_resident_id_masked | {tr['cn_resident_id_masked']} | {bm['cn_resident_id_masked']} | {py['cn_resident_id_masked']} ¹ |")
L.append(f"| cn_resident_id_masked_insufficient | {tr['cn_resident_id_masked_insufficient']} | {bm['cn_resident_id_masked_insufficient']} | — ² |")
L.append(f"| cn_mobile_masked | {tr['cn_mobile_masked']} | {bm['cn_mobile_masked']} | {py['cn_mobile_masked']} |")
L.append(f"| bank_card_masked | {tr['bank_card_masked']} | {bm['bank_card_masked']} | — ² |")
L.append("")
L.append("¹ The Python pattern `\\d{6}\\*{8}\\d{3}[\\dX]` (as specified) covers only the 6+8+4 masking; the generator "
         "also writes 4+10+4 (`3301**********123X`, ~30 %). ² Not in the Python pipeline's scope.")
L.append(f"Decoys in truth (must NOT be reported): decoy_id18 {tr['decoy_id18']}, decoy_digits {tr['decoy_digits']}.\n")
if py.get("errors"):
    L.append(f"Python pipeline errors: {len(py['errors'])} files, e.g. {py['errors'][0]}\n")
md = "\n".join(L)
open(OUT, "w", encoding="utf-8").write(md + "\n")
print(md)
print(f"\nwritten: {OUT}; raw outputs in {W}", file=sys.stderr)
PY
