//! One-shot runs: when the process exits as soon as the command is done, a build's model (a
//! million small allocations at 10,000 pages) is left for the OS to take back at exit instead of
//! being freed piece by piece, which took a tenth of a 10,000-page build.

use std::sync::atomic::{AtomicBool, Ordering};

static ONE_SHOT: AtomicBool = AtomicBool::new(false);

/// Declares that the process exits when the current command is done. The `deload` binary does
/// this for `build` and `check`; a long-running caller (`serve`, the tests) must not.
pub fn set() {
    ONE_SHOT.store(true, Ordering::Relaxed);
}

/// Drops `value`, or, in a one-shot run, leaves it for the OS to reclaim at exit.
pub fn release<T>(value: T) {
    if ONE_SHOT.load(Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_dropped_unless_the_run_is_one_shot() {
        // (the unit tests never call `set`: they share one process)
        struct Counted<'a>(&'a std::cell::Cell<u32>);
        impl Drop for Counted<'_> {
            fn drop(&mut self) {
                self.0.set(self.0.get() + 1);
            }
        }
        let drops = std::cell::Cell::new(0);
        release(Counted(&drops));
        assert_eq!(drops.get(), 1);
    }
}
