//! Where the streamed (constant-memory) worksheets keep their rows until the workbook is
//! saved: one temporary file per sheet, in the system's temporary directory unless a
//! memory-backed one (tmpfs) has room.
//!
//! The rows are written, read back once and dropped within the same audit, so on a disk
//! file system they only cost the allocation of an inode per sheet. That is not free: on
//! ext4, a document of 300 tables spent 50–70 ms creating and dropping its sheets' files when
//! audits ran back to back (the file system scans past the inodes freed in the last seconds),
//! a quarter of the whole audit. On tmpfs the same files cost nearly nothing, and their pages
//! are the memory the page cache would have held anyway.

use std::path::PathBuf;
use std::sync::OnceLock;

/// Room a memory-backed directory must have to be used: the temporary rows of the largest
/// document the default limits let through (200 MiB of XML gives well under 1 GiB of sheet
/// XML), twice over, so that another program's use of it does not run it out mid-workbook.
const MIN_FREE_BYTES: u64 = 2 << 30;

/// What is known of a candidate directory's file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileSystem {
    /// Whether it keeps files in memory (tmpfs).
    pub in_memory: bool,
    /// Bytes available to an unprivileged user.
    pub free: u64,
}

/// The directory for the streamed sheets' files, or `None` for the system's temporary
/// directory; decided once per process.
pub(super) fn directory() -> Option<&'static PathBuf> {
    static CHOSEN: OnceLock<Option<PathBuf>> = OnceLock::new();
    CHOSEN
        .get_or_init(|| {
            let candidates = candidates();
            choose(
                std::env::var_os("TMPDIR").is_some(),
                candidates.iter().map(|(path, fs)| (path.clone(), *fs)),
            )
        })
        .as_ref()
}

/// The first candidate in memory with [`MIN_FREE_BYTES`] free, unless the user chose a
/// temporary directory (`TMPDIR`), which is then kept.
pub(super) fn choose(
    tmpdir_set: bool,
    candidates: impl IntoIterator<Item = (PathBuf, Option<FileSystem>)>,
) -> Option<PathBuf> {
    if tmpdir_set {
        return None;
    }
    candidates.into_iter().find_map(|(path, fs)| {
        fs.filter(|fs| fs.in_memory && fs.free >= MIN_FREE_BYTES)
            .map(|_| path)
    })
}

/// The user's runtime directory (private to the user) first, then `/dev/shm`.
#[cfg(target_os = "linux")]
fn candidates() -> Vec<(PathBuf, Option<FileSystem>)> {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from);
    runtime
        .into_iter()
        .chain([PathBuf::from("/dev/shm")])
        .map(|path| {
            let fs = file_system(&path);
            (path, fs)
        })
        .collect()
}

#[cfg(not(target_os = "linux"))]
fn candidates() -> Vec<(PathBuf, Option<FileSystem>)> {
    Vec::new()
}

/// The file system of `path`, if it can be asked.
#[cfg(target_os = "linux")]
fn file_system(path: &std::path::Path) -> Option<FileSystem> {
    /// `TMPFS_MAGIC` of `<linux/magic.h>`.
    const TMPFS_MAGIC: u64 = 0x0102_1994;
    let stat = rustix::fs::statfs(path).ok()?;
    let block = u64::try_from(stat.f_bsize).ok()?;
    Some(FileSystem {
        in_memory: u64::try_from(stat.f_type).ok() == Some(TMPFS_MAGIC),
        free: stat.f_bavail.saturating_mul(block),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpfs(free: u64) -> Option<FileSystem> {
        Some(FileSystem {
            in_memory: true,
            free,
        })
    }

    #[test]
    fn a_tmpfs_with_room_is_chosen_in_order_and_tmpdir_wins() {
        let disk = Some(FileSystem {
            in_memory: false,
            free: u64::MAX,
        });
        let run = PathBuf::from("/run/user/1000");
        let shm = PathBuf::from("/dev/shm");
        // The runtime directory first, when it has room.
        let both = || [(run.clone(), tmpfs(4 << 30)), (shm.clone(), tmpfs(8 << 30))];
        assert_eq!(choose(false, both()), Some(run.clone()));
        // A small one (a container's 64 MB /dev/shm) is passed over, and so is a disk.
        let small = [
            (run.clone(), tmpfs(64 << 20)),
            (shm.clone(), tmpfs(8 << 30)),
        ];
        assert_eq!(choose(false, small), Some(shm.clone()));
        assert_eq!(choose(false, [(shm.clone(), disk)]), None);
        assert_eq!(choose(false, [(shm.clone(), tmpfs(64 << 20))]), None);
        // One that cannot be asked is not used.
        assert_eq!(choose(false, [(shm.clone(), None)]), None);
        // TMPDIR is the user's choice.
        assert_eq!(choose(true, both()), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn dev_shm_is_read_as_the_file_system_it_is() {
        // /dev/shm is a tmpfs on every Linux this runs on (CI included); a disk directory is not.
        if let Some(fs) = file_system(std::path::Path::new("/dev/shm")) {
            assert!(fs.in_memory, "{fs:?}");
        }
        let here = file_system(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        assert!(here.is_some());
    }
}
