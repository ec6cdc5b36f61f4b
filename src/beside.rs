//! Threads started to run beside the thread that starts them.
//!
//! Linux often queues a new thread on its parent's core even when another core is idle: on the
//! two-core virtual machines this tool is measured on, a thread and its parent each given 2 ms
//! of work ran one after the other in a third to two thirds of 200 runs (4.6 ms instead of
//! 2.4 ms), until the load balancer's next pass, which a small annex's audit never lives to
//! see. So a thread started here first moves itself off its parent's core when it finds itself
//! there and the process may use another, then lets itself run anywhere again; and the parent
//! gives its core up for a moment after starting it, so that a thread queued behind it makes
//! that move at once instead of at the end of the parent's time slice. With both, the same
//! runs ran one after the other in 1–2 of 200 (BENCHMARKS.md, round 13).
//!
//! Elsewhere than on Linux the threads are started as they are by `std`.

use std::io;
use std::thread::{Builder, JoinHandle, Scope, ScopedJoinHandle};

/// Starts `work` on a thread of `scope`, beside the calling thread (see the module's comment).
pub(crate) fn spawn_scoped<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> ScopedJoinHandle<'scope, T> {
    let parent = Parent::here();
    let handle = scope.spawn(move || {
        parent.leave();
        work()
    });
    let_it_start();
    handle
}

/// Starts `work` on a thread made by `builder`, beside the calling thread (see the module's
/// comment).
///
/// # Errors
///
/// The thread could not be started (`Builder::spawn`'s error).
pub(crate) fn spawn<T: Send + 'static>(
    builder: Builder,
    work: impl FnOnce() -> T + Send + 'static,
) -> io::Result<JoinHandle<T>> {
    let parent = Parent::here();
    let handle = builder.spawn(move || {
        parent.leave();
        work()
    })?;
    let_it_start();
    Ok(handle)
}

/// The core a thread is started from.
#[derive(Clone, Copy)]
struct Parent {
    #[cfg(target_os = "linux")]
    cpu: usize,
}

impl Parent {
    /// The calling thread's core, now.
    fn here() -> Parent {
        Parent {
            #[cfg(target_os = "linux")]
            cpu: rustix::thread::sched_getcpu(),
        }
    }

    /// Run first on the new thread: when it is on its parent's core and the process may use
    /// another, it moves to the others, then may run on any allowed core again (it stays where
    /// it now is until the scheduler has a reason to move it). Any failure leaves it where it
    /// is: this only decides where the thread starts.
    fn leave(self) {
        #[cfg(target_os = "linux")]
        {
            use rustix::thread::{sched_getaffinity, sched_getcpu, sched_setaffinity};
            let Ok(allowed) = sched_getaffinity(None) else {
                return;
            };
            if allowed.count() < 2 || sched_getcpu() != self.cpu {
                return;
            }
            let mut elsewhere = allowed;
            elsewhere.unset(self.cpu);
            if sched_setaffinity(None, &elsewhere).is_ok() {
                let _ = sched_setaffinity(None, &allowed);
            }
        }
    }
}

/// Run by the parent just after starting a thread: a thread queued on this core runs now (and
/// moves off it); one started elsewhere costs the parent a system call that returns at once.
fn let_it_start() {
    #[cfg(target_os = "linux")]
    std::thread::yield_now();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_started_beside_runs_its_work_and_returns_its_result() {
        let seen = std::thread::scope(|scope| {
            let handle = spawn_scoped(scope, || 6 * 7);
            handle.join().ok()
        });
        assert_eq!(seen, Some(42));
        let handle = spawn(Builder::new().name("beside".into()), || {
            std::thread::current().name().map(str::to_string)
        })
        .expect("a thread");
        assert_eq!(handle.join().ok().flatten().as_deref(), Some("beside"));
    }

    /// A thread that moved off its parent's core may use the same cores as before: it is
    /// not pinned. (Here the thread is its own "parent", so that it always finds itself on
    /// the parent's core and moves whenever the process may use two cores.)
    #[cfg(target_os = "linux")]
    #[test]
    fn a_thread_that_moved_off_is_not_pinned() {
        use rustix::thread::{CpuSet, sched_getaffinity};
        let cores = |set: CpuSet| -> Vec<usize> {
            (0..CpuSet::MAX_CPU)
                .filter(|&cpu| set.is_set(cpu))
                .collect()
        };
        let (before, after) = std::thread::spawn(move || {
            let before = sched_getaffinity(None).map(cores).ok();
            Parent::here().leave();
            (before, sched_getaffinity(None).map(cores).ok())
        })
        .join()
        .expect("the thread");
        assert!(before.is_some());
        assert_eq!(after, before);
    }
}
