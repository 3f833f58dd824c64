//! Finding messages: how checks write them, and the table that keeps one copy of each.

use std::cell::Cell;
use std::fmt::{self, Write};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, PoisonError};

use foldhash::fast::RandomState;
use hashbrown::HashTable;

/// The message of a finding: a `&str`, a `String`, or `format_args!(...)`, written straight into
/// the thread's buffer. Not any `Display`: formatting one through `{}` would add a layer of
/// `core::fmt::write` to every message, a good part of the cost of a short one.
pub trait Message {
    /// Appends the message to `buffer`.
    fn write_to(self, buffer: &mut String);
}

impl Message for &str {
    fn write_to(self, buffer: &mut String) {
        buffer.push_str(self);
    }
}

impl Message for String {
    fn write_to(self, buffer: &mut String) {
        buffer.push_str(&self);
    }
}

impl Message for fmt::Arguments<'_> {
    fn write_to(self, buffer: &mut String) {
        buffer
            .write_fmt(self)
            .expect("writing to a String cannot fail");
    }
}

/// Shards of the table: enough that threads reporting at once rarely wait for each other.
const SHARDS: usize = 16;

/// One copy of each distinct message reported during a scan, shared by every finding that
/// reports it: most findings repeat a message already reported for another object (the same
/// problem of a same-named container), and a scan holds every finding until it ends.
///
/// A table lives as long as the scan that fills it, so it keeps no message past the scan: once
/// it is dropped, a message is held by its findings alone, which the reports rely on to tell a
/// message that recurs from one that cannot (`Arc::strong_count`).
pub struct MessageTable {
    shards: [Mutex<HashTable<Arc<str>>>; SHARDS],
    hasher: RandomState,
}

impl Default for MessageTable {
    fn default() -> Self {
        MessageTable {
            shards: std::array::from_fn(|_| Mutex::new(HashTable::new())),
            hasher: RandomState::default(),
        }
    }
}

thread_local! {
    /// Where a message is written before it is looked up: reused, so that writing a message
    /// neither allocates nor grows a buffer of its own.
    static BUFFER: Cell<String> = const { Cell::new(String::new()) };
}

impl MessageTable {
    /// The text of `message`: the copy already in the table, or a new one added to it.
    pub(crate) fn share(&self, message: impl Message) -> Arc<str> {
        let mut buffer = BUFFER.take();
        buffer.clear();
        message.write_to(&mut buffer);
        let text = self.intern(&buffer);
        BUFFER.set(buffer);
        text
    }

    fn intern(&self, text: &str) -> Arc<str> {
        let hash = self.hasher.hash_one(text);
        // The hash's top bits choose the shard; the table's own probing uses its low bits.
        let shard = &self.shards[(hash >> (u64::BITS - SHARDS.trailing_zeros())) as usize];
        let mut table = shard.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(shared) = table.find(hash, |shared| **shared == *text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        table.insert_unique(hash, shared.clone(), |s| self.hasher.hash_one(&**s));
        shared
    }

    /// The number of distinct messages held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(PoisonError::into_inner).len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_messages_share_one_text() {
        let table = MessageTable::default();
        let first = table.share(format_args!("container {:?} has no limit", "app"));
        let second = table.share(String::from("container \"app\" has no limit"));
        let other = table.share("container \"db\" has no limit");
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!(&*other, "container \"db\" has no limit");
        assert_eq!(table.len(), 2);
    }

    #[test]
    fn messages_are_held_by_their_findings_alone_once_the_table_is_gone() {
        let table = MessageTable::default();
        let message = table.share("no probe");
        assert_eq!(Arc::strong_count(&message), 2);
        drop(table);
        assert_eq!(Arc::strong_count(&message), 1);
    }

    #[test]
    fn threads_share_one_copy() {
        let table = MessageTable::default();
        let last: Vec<Arc<str>> = std::thread::scope(|s| {
            let threads: Vec<_> = (0..4)
                .map(|_| s.spawn(|| (0..100).map(|n| table.share(format_args!("m{n}"))).last()))
                .collect();
            threads
                .into_iter()
                .filter_map(|t| t.join().unwrap())
                .collect()
        });
        assert_eq!(last.len(), 4);
        assert!(last.windows(2).all(|w| Arc::ptr_eq(&w[0], &w[1])));
        assert_eq!(table.len(), 100);
    }
}
