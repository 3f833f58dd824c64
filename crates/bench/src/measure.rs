//! Running one child process and measuring it: wall time, CPU time, and peak RSS.
//!
//! The child is reaped with `wait4`, which returns that child's own `rusage`, so each run's
//! `ru_maxrss` is measured separately (unlike `getrusage(RUSAGE_CHILDREN)`, which keeps the
//! maximum over every child ever waited for). `ru_maxrss` is the peak of the largest single
//! process among the child and its reaped descendants; for programs that fork workers
//! (Checkov), an optional sampler also sums the RSS of the whole process tree every 50 ms.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// What one run cost.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: Duration,
    /// User + system CPU time of the child and its reaped descendants.
    pub cpu: Duration,
    /// `ru_maxrss` of the child, in bytes.
    pub max_rss: u64,
    /// Peak of the summed RSS of the process tree, sampled (0 when not sampled).
    pub tree_rss: u64,
    pub exit_code: i32,
    /// This process's RSS when the child was spawned: a floor under `max_rss` (see
    /// [`reset_peak_rss`]).
    pub floor_rss: u64,
}

/// Runs `command` (stdin closed, stdout and stderr as set by the caller) to completion.
pub fn run(command: &mut Command, sample_tree: bool) -> io::Result<Run> {
    command.stdin(Stdio::null());
    reset_peak_rss();
    let floor_rss = own_rss();
    let start = Instant::now();
    let child = command.spawn()?;
    let pid = child.id() as libc::pid_t;

    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_tree.then(|| {
        let stop = Arc::clone(&stop);
        thread::spawn(move || {
            let mut peak = 0;
            while !stop.load(Ordering::Relaxed) {
                peak = peak.max(tree_rss(pid));
                thread::sleep(Duration::from_millis(50));
            }
            peak
        })
    });

    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value; it is only written by `wait4`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        // SAFETY: `pid` is our own child, not yet reaped (`Child` never waits on it: we do not
        // call `wait` and dropping a `Child` does not reap); both pointers are valid.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == -1 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
            continue;
        }
        break r;
    };
    let wall = start.elapsed();
    stop.store(true, Ordering::Relaxed);
    let tree = sampler.map_or(0, |h| h.join().unwrap_or(0));
    drop(child);
    if reaped == -1 {
        return Err(io::Error::last_os_error());
    }

    let exit_code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        128 + libc::WTERMSIG(status)
    } else {
        -1
    };
    let cpu = timeval(usage.ru_utime) + timeval(usage.ru_stime);
    Ok(Run {
        wall,
        cpu,
        // Linux reports kilobytes.
        max_rss: usage.ru_maxrss as u64 * 1024,
        tree_rss: tree,
        exit_code,
        floor_rss,
    })
}

/// Resets this process's own peak RSS (`VmHWM`) to its current RSS.
///
/// `std` spawns with `posix_spawn`, i.e. `vfork`: the child runs in the parent's address space
/// until it execs, and at `exec` Linux folds that address space's high-water RSS into the
/// child's `ru_maxrss`. Without this reset, every child would report at least the benchmark's
/// own past peak. What remains is a floor of this process's current RSS (a few MB), reported
/// by [`own_rss`].
fn reset_peak_rss() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

/// This process's current RSS in bytes: the floor under every measured `ru_maxrss`.
pub fn own_rss() -> u64 {
    vm_rss(std::process::id() as i32)
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// Sum of VmRSS over `root` and all its live descendants, in bytes.
fn tree_rss(root: libc::pid_t) -> u64 {
    let Ok(entries) = fs::read_dir("/proc") else {
        return 0;
    };
    let mut parent: HashMap<i32, i32> = HashMap::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // Fields after the parenthesised command name: state, ppid, ...
        let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        if let Some(ppid) = rest.split_whitespace().nth(1).and_then(|s| s.parse().ok()) {
            parent.insert(pid, ppid);
        }
    }
    let in_tree = |mut pid: i32| {
        for _ in 0..64 {
            if pid == root {
                return true;
            }
            match parent.get(&pid) {
                Some(&p) if p > 1 => pid = p,
                _ => return false,
            }
        }
        false
    };
    parent
        .keys()
        .filter(|&&pid| in_tree(pid))
        .map(|pid| vm_rss(*pid))
        .sum()
}

fn vm_rss(pid: i32) -> u64 {
    let Ok(status) = fs::read_to_string(format!("/proc/{pid}/status")) else {
        return 0;
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_a_child() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exit 3"]);
        let r = run(&mut cmd, true).unwrap();
        assert_eq!(r.exit_code, 3);
        assert!(r.max_rss > 0);
    }

    #[test]
    fn a_child_does_not_inherit_our_peak() {
        let big = vec![1u8; 300 << 20];
        assert_eq!(std::hint::black_box(&big)[12345], 1);
        drop(big);
        let r = run(&mut Command::new("true"), false).unwrap();
        assert!(r.max_rss < 100 << 20, "{} bytes", r.max_rss);
    }
}
