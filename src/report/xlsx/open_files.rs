//! A process-wide budget of open temporary files for constant-memory worksheets.
//!
//! rust_xlsxwriter keeps each constant-memory worksheet's temporary file open until the
//! workbook is saved, so a consolidated annex of 3,000 tables would hold 3,000 files open, and
//! a batch several such workbooks at once. Open files are limited per process (often 1,024); a
//! sheet that gets no slot is kept in memory instead, which costs memory but never fails.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Files left for everything else the process opens: inputs, outputs, the batch's workbooks.
const RESERVED: u64 = 256;

static IN_USE: AtomicUsize = AtomicUsize::new(0);

/// How many temporary files the worksheets may hold open at once: half of what the open-file
/// limit leaves after [`RESERVED`], once the soft limit is raised as far as the hard one allows.
fn budget() -> usize {
    static BUDGET: OnceLock<usize> = OnceLock::new();
    *BUDGET.get_or_init(|| {
        let limit = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
        usize::try_from(limit.saturating_sub(RESERVED) / 2).unwrap_or(usize::MAX)
    })
}

/// One open temporary file's place in the budget, given back on drop.
#[derive(Debug)]
pub(super) struct Slot(&'static AtomicUsize);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A slot, if the process's budget has one left.
pub(super) fn take() -> Option<Slot> {
    take_from(&IN_USE, budget())
}

fn take_from(in_use: &'static AtomicUsize, budget: usize) -> Option<Slot> {
    in_use
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
            (n < budget).then_some(n + 1)
        })
        .ok()
        .map(|_| Slot(in_use))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_run_out_at_the_budget_and_come_back_when_dropped() {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let first = take_from(&COUNTER, 2).expect("a first slot");
        let second = take_from(&COUNTER, 2).expect("a second slot");
        assert!(take_from(&COUNTER, 2).is_none());
        drop(first);
        let third = take_from(&COUNTER, 2).expect("the first slot, given back");
        drop((second, third));
        assert_eq!(COUNTER.load(Ordering::Relaxed), 0);
    }
}
