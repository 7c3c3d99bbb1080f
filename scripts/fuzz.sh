#!/usr/bin/env bash
# Runs baomi's cargo-fuzz (libFuzzer) targets for a given time each and records the results.
#
#   scripts/fuzz.sh [-j N] [-k] [SECONDS_PER_TARGET] [TARGET...]
#
#   SECONDS_PER_TARGET  default 600 (all eleven targets: 110 CPU-minutes)
#   TARGET...           default: all of normalize detect scan text_csv html docx sheet ofd zip pdf
#                       wire
#   -j N                run N targets at a time (1 or 2; also FUZZ_JOBS), default 1
#   -k                  keep going after a crash/timeout/OOM (libFuzzer -fork=1 with
#                       -ignore_crashes/-ignore_timeouts/-ignore_ooms) to collect several
#                       artifacts per target; default is to stop a target at its first finding
#
# Environment:
#   FUZZ_SANITIZER  address (default) or none. If the ASan build fails the script falls back to
#                   `-s none` and says so; the sanitizer used is recorded in the log.
#   FUZZ_NOTE       free text for the log's note column (e.g. "smoke", "nightly")
#   FUZZ_EXTRA      extra libFuzzer flags, e.g. "-use_value_profile=1"
#   FUZZ_NO_BUILD=1 skip the build (use the binaries already in fuzz/target)
#   BAOMI_FUZZ_CAUGHT_PANICS=ignore
#                   only panics that escape an extractor are findings (by default any panic
#                   aborts, also one baomi catches itself, e.g. inside pdf_oxide)
#   BAOMI_FUZZ_NORMALIZE=bounds
#                   the normalize target checks only that offsets stay in bounds
#   FUZZ_LOG        the record, default docs/fuzz-log.tsv
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Only a stable toolchain is assumed:
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its nightly-only flags (-Zsanitizer, sancov).
# Builds go to fuzz/target (never the main target/), in release mode with debug assertions
# and overflow checks (also in dependencies).
#
# Inputs: committed seeds fuzz/seeds/<target>/ (read only) plus the working corpus
# fuzz/corpus/<target>/ (grows, git-ignored). Findings: fuzz/artifacts/<target>/ (git-ignored),
# full output: fuzz/logs/<target>-<date>.log. One line per target is appended to
# docs/fuzz-log.tsv. Exit status 1 when any target found a crash, timeout or OOM (listed at the
# end), 2 on a usage or build error. Fuzzing is not part of CI.
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
ALL_TARGETS=(normalize detect scan text_csv html docx sheet ofd zip pdf wire)

jobs=${FUZZ_JOBS:-1}
keep_going=0
while getopts "j:kh" opt; do
    case $opt in
        j) jobs=$OPTARG ;;
        k) keep_going=1 ;;
        h) sed -n '2,30p' "$0"; exit 0 ;;
        *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))

secs=600
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then
    secs=$1
    shift
fi
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
    if [[ ! " ${ALL_TARGETS[*]} " =~ " $t " ]]; then
        echo "fuzz.sh: unknown target '$t' (targets: ${ALL_TARGETS[*]})" >&2
        exit 2
    fi
done
if ! [[ $jobs =~ ^[12]$ ]]; then
    echo "fuzz.sh: -j must be 1 or 2 (the machine is shared)" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz is missing: cargo install cargo-fuzz" >&2
    exit 2
fi

max_len() {
    case $1 in
        detect) echo 16384 ;;
        normalize) echo 32768 ;;
        scan | text_csv | html) echo 65536 ;;
        pdf) echo 131072 ;;
        *) echo 262144 ;; # docx sheet ofd zip
    esac
}

dict_for() {
    case $1 in
        normalize | detect | scan | text_csv | wire) echo fuzz/dicts/text.dict ;;
        pdf) echo fuzz/dicts/pdf.dict ;;
        *) echo fuzz/dicts/xml.dict ;;
    esac
}

export RUSTC_BOOTSTRAP=1
sanitizer=${FUZZ_SANITIZER:-address}
triple=$(rustc -vV | sed -n 's/^host: //p')
bindir=fuzz/target/$triple/release

if [[ ${FUZZ_NO_BUILD:-0} != 1 ]]; then
    echo "== building fuzz targets (sanitizer: $sanitizer)"
    if ! (cd fuzz && cargo fuzz build -a -s "$sanitizer"); then
        if [[ $sanitizer == address ]]; then
            echo "fuzz.sh: WARNING: the AddressSanitizer build failed; falling back to -s none" >&2
            sanitizer=none
            (cd fuzz && cargo fuzz build -a -s none) || exit 2
        else
            exit 2
        fi
    fi
elif [[ -z ${FUZZ_SANITIZER:-} ]]; then
    # not built here: tell from the binary
    if grep -qa __asan_init "$bindir/${targets[0]}" 2>/dev/null; then
        sanitizer=address
    else
        sanitizer=none
    fi
fi
for t in "${targets[@]}"; do
    [[ -x $bindir/$t ]] || { echo "fuzz.sh: $bindir/$t not built" >&2; exit 2; }
done

log=${FUZZ_LOG:-docs/fuzz-log.tsv}
mkdir -p "$(dirname "$log")" fuzz/logs
if [[ ! -s $log ]]; then
    printf 'date\ttarget\tseconds\texecs\texec_per_sec\tcorpus\tcrashes\ttimeouts\tooms\tartifacts\tsanitizer\tcommit\tnote\n' >"$log"
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain -- src Cargo.toml 2>/dev/null) ]]; then
    commit="$commit+dirty"
fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

run_target() {
    local t=$1
    local corpus=fuzz/corpus/$t seeds=fuzz/seeds/$t arts=fuzz/artifacts/$t
    local out=fuzz/logs/$t-$stamp.log
    mkdir -p "$corpus" "$arts" "$seeds"
    local before
    before=$(ls -1 "$arts" 2>/dev/null | sort)
    local flags=(
        "-max_total_time=$secs" -rss_limit_mb=2048 -timeout=10 "-max_len=$(max_len "$t")"
        -print_final_stats=1 "-artifact_prefix=$arts/" "-dict=$(dict_for "$t")"
    )
    if [[ $keep_going == 1 ]]; then
        flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    # shellcheck disable=SC2206
    [[ -n ${FUZZ_EXTRA:-} ]] && flags+=(${FUZZ_EXTRA})
    echo "== $t: ${secs}s ($out)"
    local t0=$SECONDS
    "$bindir/$t" "${flags[@]}" "$corpus" "$seeds" >"$out" 2>&1
    local rc=$?
    local wall=$((SECONDS - t0))

    local execs rate
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out" | tail -1)
    if [[ -z $execs ]]; then # fork mode, or no final stats: the last status line
        execs=$(grep -oE '^#[0-9]+' "$out" | tail -1 | tr -d '#')
        rate=$(grep -oE 'exec/s: [0-9]+' "$out" | tail -1 | grep -oE '[0-9]+')
    fi
    local corpus_n
    corpus_n=$(find "$corpus" -type f | wc -l)
    local new
    new=$(comm -13 <(echo "$before") <(ls -1 "$arts" 2>/dev/null | sort) | grep -v '^$')
    local crashes timeouts ooms
    crashes=$(grep -cE '^(crash|leak)-' <<<"$new")
    timeouts=$(grep -cE '^timeout-' <<<"$new")
    ooms=$(grep -cE '^oom-' <<<"$new")
    local arts_list
    arts_list=$(sed "s|^|$arts/|" <<<"$new" | grep -v "/$" | paste -sd, -)
    # a crash that left no artifact (e.g. in the harness itself) still counts
    if [[ $rc -ne 0 && -z $new ]]; then
        crashes=1
        arts_list="(none: exit $rc, see $out)"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$t" "$wall" "${execs:-0}" "${rate:-0}" "$corpus_n" \
        "$crashes" "$timeouts" "$ooms" "${arts_list:--}" "$sanitizer" "$commit" \
        "${FUZZ_NOTE:-}" >"$results/$t.tsv"
    printf '   %s: %s execs, %s exec/s, corpus %s, crashes %s, timeouts %s, ooms %s\n' \
        "$t" "${execs:-0}" "${rate:-0}" "$corpus_n" "$crashes" "$timeouts" "$ooms"
}

running=0
for t in "${targets[@]}"; do
    if [[ $jobs -gt 1 ]]; then
        run_target "$t" &
        running=$((running + 1))
        if [[ $running -ge $jobs ]]; then
            wait -n
            running=$((running - 1))
        fi
    else
        run_target "$t"
    fi
done
wait

found=0
for t in "${targets[@]}"; do
    [[ -f $results/$t.tsv ]] || continue
    cat "$results/$t.tsv" >>"$log"
    IFS=$'\t' read -r _ _ _ _ _ _ c to o a _ <"$results/$t.tsv"
    if [[ $((c + to + o)) -gt 0 ]]; then
        found=1
        echo "FOUND in $t: crashes $c, timeouts $to, ooms $o: $a"
    fi
done
echo "== recorded in $log"
if [[ $found == 1 ]]; then
    echo "reproduce: fuzz/target/$triple/release/TARGET ARTIFACT   (minimize: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz tmin -a -s $sanitizer TARGET ARTIFACT)"
    exit 1
fi
exit 0
