//! Helpers shared by the integration tests: reading manifests into a cluster.

#![allow(dead_code)]

pub mod generate;

use kubeward_core::Object;
use kubeward_loader::{Source, load};

/// Reads a YAML stream into objects, failing the test on any load error.
pub fn objects(yaml: &str) -> Vec<Object> {
    let loaded = load(
        &[Source::Bytes {
            name: "test.yaml".into(),
            bytes: yaml.as_bytes().to_vec(),
        }],
        &Default::default(),
    );
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.objects
}

/// Parses `5432/TCP` (protocol defaults to TCP).
pub fn port(text: &str) -> (kubeward_netpol::Protocol, u16) {
    let (number, protocol) = text.split_once('/').unwrap_or((text, "TCP"));
    (
        kubeward_netpol::Protocol::parse(protocol).expect("protocol"),
        number.parse().expect("port number"),
    )
}
