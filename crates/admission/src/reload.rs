//! The serving certificate and the policy, swapped in place when their files change.
//!
//! Files are polled, not watched: Kubernetes updates a mounted Secret or ConfigMap by swapping
//! a symlink, which polling the content sees whatever the volume type. A change that does not
//! load (a half-written key, a policy with an error) is logged and counted, and what was in
//! force stays in force.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::decision::Policy;
use crate::server::{ServeError, State};

/// The certificate rustls presents: the latest that loaded.
#[derive(Debug)]
pub(crate) struct CertStore(ArcSwap<CertifiedKey>);

impl ResolvesServerCert for CertStore {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.load_full())
    }
}

impl CertStore {
    pub fn new(key: CertifiedKey) -> CertStore {
        CertStore(ArcSwap::from_pointee(key))
    }
}

/// A certificate chain and its private key from PEM files.
pub(crate) fn load_certified_key(cert: &[u8], key: &[u8]) -> Result<CertifiedKey, String> {
    let chain = CertificateDer::pem_slice_iter(cert)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("reading the certificate: {e}"))?;
    if chain.is_empty() {
        return Err("the certificate file holds no certificate".into());
    }
    let key = PrivateKeyDer::from_pem_slice(key).map_err(|e| format!("reading the key: {e}"))?;
    let signing = rustls::crypto::ring::sign::any_supported_type(&key)
        .map_err(|e| format!("unsupported key: {e}"))?;
    let certified = CertifiedKey::new(chain, signing);
    certified
        .keys_match()
        .map_err(|e| format!("the key does not belong to the certificate: {e}"))?;
    Ok(certified)
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, ServeError> {
    std::fs::read(path).map_err(|error| ServeError::Read {
        path: path.to_path_buf(),
        error,
    })
}

/// The files behind the running server, and their contents when last loaded.
pub(crate) struct Watched {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub policy: Option<PathBuf>,
    pub seen_tls: (Vec<u8>, Vec<u8>),
    pub seen_policy: Vec<u8>,
}

impl Watched {
    /// Loads whatever changed since the last call.
    pub fn poll(&mut self, state: &State, certs: &CertStore) {
        if let (Ok(cert), Ok(key)) = (std::fs::read(&self.cert), std::fs::read(&self.key))
            && (cert.as_slice(), key.as_slice()) != (&self.seen_tls.0[..], &self.seen_tls.1[..])
        {
            match load_certified_key(&cert, &key) {
                Ok(loaded) => {
                    certs.0.store(Arc::new(loaded));
                    state.metrics.reload("certificate", true);
                    state.log.info(
                        "certificate reloaded",
                        serde_json::json!({"file": self.cert}),
                    );
                }
                Err(error) => {
                    state.metrics.reload("certificate", false);
                    state.log.error(
                        "certificate not reloaded; the previous one stays in use",
                        serde_json::json!({"file": self.cert, "error": error}),
                    );
                }
            }
            self.seen_tls = (cert, key);
        }
        let Some(path) = &self.policy else { return };
        let Ok(text) = std::fs::read(path) else {
            return;
        };
        if text == self.seen_policy {
            return;
        }
        match Policy::parse(&text, path) {
            Ok(policy) => {
                state.policy.store(Arc::new(policy));
                state.metrics.reload("policy", true);
                state.metrics.policy_invalid.set(0);
                state
                    .log
                    .info("policy reloaded", serde_json::json!({"file": path}));
            }
            Err(error) => {
                state.metrics.reload("policy", false);
                state.metrics.policy_invalid.set(1);
                state.log.error(
                    "policy not reloaded; the previous policy stays in force",
                    serde_json::json!({"file": path, "error": error.to_string()}),
                );
            }
        }
        self.seen_policy = text;
    }
}
