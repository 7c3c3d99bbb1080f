//! Shared by the bench binaries: run a stage several times and time it.

use std::time::Instant;

/// Runs `f` `runs` times; returns the median and best wall time in seconds and the sum of what
/// `f` returned (printed, so that the work cannot be optimized away).
pub fn time_runs(runs: usize, mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
    let mut secs = Vec::with_capacity(runs);
    let mut sink = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        sink += f();
        secs.push(t.elapsed().as_secs_f64());
    }
    secs.sort_by(|a, b| a.total_cmp(b));
    (secs[secs.len() / 2], secs[0], sink)
}
