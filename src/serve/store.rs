//! The results of the audits the server ran, kept for the page to fetch (the workbook, the JSON,
//! the published tables) until they expire or the server stops. A workbook larger than
//! [`Output::MEMORY_BYTES`] sits in a temporary file that goes with its entry.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::report::Output;

/// Entries kept at most: past this the oldest goes first, whatever its age.
pub const MAX_ENTRIES: usize = 1_000;
/// Memory the kept results may take (their JSON, their view, and the workbooks small enough to
/// stay in memory): past this the oldest go first. A real annex's results take under 200 KB.
pub const MAX_MEMORY_BYTES: usize = 512 << 20;

/// One audited upload.
pub struct StoredAudit {
    /// The upload's file name, as its reports name it.
    pub name: String,
    /// The JSON report: the bytes `annex-audit audit NAME --json` writes.
    pub json: Vec<u8>,
    /// The workbook, when the document was read.
    pub workbook: Mutex<Output>,
    /// The audited tables as published, for the page (see [`super::published`]).
    pub view: Vec<u8>,
    created: Instant,
    /// What it holds in memory, in bytes.
    memory: usize,
}

impl StoredAudit {
    /// An entry made now.
    pub fn new(name: String, json: Vec<u8>, mut workbook: Output, view: Vec<u8>) -> Self {
        // Measured once: a workbook that went to a temporary file costs no memory.
        let workbook_size = workbook
            .copy_to(&mut std::io::sink())
            .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
        let in_memory = if workbook.on_disk() { 0 } else { workbook_size };
        StoredAudit {
            memory: json.len() + view.len() + in_memory,
            name,
            json,
            workbook: Mutex::new(workbook),
            view,
            created: Instant::now(),
        }
    }
}

/// The results by id, each for `ttl` at most.
pub struct ResultStore {
    entries: Mutex<HashMap<String, Arc<StoredAudit>>>,
    ttl: Duration,
    counter: AtomicU64,
    /// Randomly keyed (std's per-instance SipHash keys): ids cannot be guessed from the counter.
    keys: [std::collections::hash_map::RandomState; 2],
}

impl ResultStore {
    /// An empty store whose entries live `ttl`.
    pub fn new(ttl: Duration) -> Self {
        ResultStore {
            entries: Mutex::new(HashMap::new()),
            ttl,
            counter: AtomicU64::new(0),
            keys: [Default::default(), Default::default()],
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<StoredAudit>>> {
        // A panic while holding the lock cannot leave the map half-changed: use it as it is.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A fresh id: 128 random-looking bits in hex.
    fn new_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let half = |i: usize| {
            let mut h = self.keys[i].build_hasher();
            h.write_u64(n);
            h.finish()
        };
        format!("{:016x}{:016x}", half(0), half(1))
    }

    /// Keeps `audit` and returns its id; expired entries (and the oldest past
    /// [`MAX_ENTRIES`] or [`MAX_MEMORY_BYTES`]) are dropped.
    pub fn insert(&self, audit: StoredAudit) -> String {
        let id = self.new_id();
        let mut entries = self.lock();
        let ttl = self.ttl;
        entries.retain(|_, e| e.created.elapsed() < ttl);
        let memory = |entries: &HashMap<String, Arc<StoredAudit>>| {
            entries.values().map(|e| e.memory).sum::<usize>()
        };
        while !entries.is_empty()
            && (entries.len() >= MAX_ENTRIES || memory(&entries) + audit.memory > MAX_MEMORY_BYTES)
        {
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.created)
                .map(|(id, _)| id.clone());
            match oldest {
                Some(oldest) => entries.remove(&oldest),
                None => break,
            };
        }
        entries.insert(id.clone(), Arc::new(audit));
        id
    }

    /// The entry `id`, unless it expired.
    pub fn get(&self, id: &str) -> Option<Arc<StoredAudit>> {
        let entries = self.lock();
        entries
            .get(id)
            .filter(|e| e.created.elapsed() < self.ttl)
            .cloned()
    }

    /// Drops the expired entries (and their temporary files).
    pub fn purge(&self) {
        let ttl = self.ttl;
        self.lock().retain(|_, e| e.created.elapsed() < ttl);
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> StoredAudit {
        StoredAudit::new("a.docx".into(), b"{}".to_vec(), Output::new(), Vec::new())
    }

    #[test]
    fn ids_differ_and_entries_expire() {
        let store = ResultStore::new(Duration::from_millis(50));
        let a = store.insert(entry());
        let b = store.insert(entry());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(store.get(&a).is_some());
        std::thread::sleep(Duration::from_millis(80));
        assert!(store.get(&a).is_none());
        store.purge();
        assert!(store.is_empty());
    }

    #[test]
    fn past_the_limit_the_oldest_goes_first() {
        let store = ResultStore::new(Duration::from_secs(3600));
        let first = store.insert(entry());
        let second = store.insert(entry());
        for _ in 2..MAX_ENTRIES {
            store.insert(entry());
        }
        assert_eq!(store.len(), MAX_ENTRIES);
        store.insert(entry());
        assert_eq!(store.len(), MAX_ENTRIES);
        assert!(store.get(&first).is_none());
        assert!(store.get(&second).is_some());
        assert_eq!(entry().memory, 2);
    }
}
