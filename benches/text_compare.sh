#!/usr/bin/env bash
# Issue 2 benchmark: baomi (-j2, -j1, all detectors) against the three ripgrep commands that do
# part of its job, on the txt+csv part of a gen_bench_corpus.py corpus, interleaved rounds.
#
#   benches/text_compare.sh CORPUS_DIR DICT [ROUNDS]      (default 5 rounds)
#
# Prints one line per run: "<what> <wall s> <peak RSS KB>", then the medians.
set -euo pipefail
corpus=${1:?corpus dir (with txt/ and csv/)}
dict=${2:?dictionary file}
rounds=${3:-5}
bin=$(cd "$(dirname "$0")/.." && pwd)/target/release/baomi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$corpus"
run() { # name, command...
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" > /dev/null 2>&1 || true
    read -r wall rss < <(tail -n 1 "$tmp/t")
    echo "$name $wall $rss" | tee -a "$tmp/all"
}
rg3() {
    rg -c -F -f "$dict" txt csv > /dev/null
    rg -c '[0-9]{17}[0-9Xx]' txt csv > /dev/null
    rg -c '1[3-9][0-9]{9}' txt csv > /dev/null
}
export -f rg3
export dict
for _ in $(seq "$rounds"); do
    run rg bash -c rg3
    run baomi-j2 "$bin" scan --dict "$dict" --format jsonl --no-progress -j2 txt csv
    run baomi-j1 "$bin" scan --dict "$dict" --format jsonl --no-progress -j1 txt csv
done
echo "== medians (wall s, peak RSS KB)"
for w in rg baomi-j2 baomi-j1; do
    grep "^$w " "$tmp/all" | sort -k2 -n | awk -v w="$w" '{a[NR]=$2; r[NR]=$3} END {m=int((NR+1)/2); print w, a[m], r[m]}'
done
