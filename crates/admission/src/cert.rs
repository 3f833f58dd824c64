//! `kubeward cert`: a private CA and a serving certificate for the webhook's Service.
//!
//! The API server reaches the webhook at `<service>.<namespace>.svc` and checks the serving
//! certificate against the `caBundle` of the webhook configuration, by subject alternative
//! name. The CA's key is not kept: it signs the one serving certificate and is dropped, so it
//! cannot leak; renewing means running the command again and updating the `caBundle`.

use std::path::{Path, PathBuf};

use base64::Engine;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

/// What to certify.
#[derive(Debug, Clone)]
pub struct CertRequest {
    /// The Service's name.
    pub service: String,
    /// The Service's namespace.
    pub namespace: String,
    /// More DNS names or IP addresses to include.
    pub extra_names: Vec<String>,
    /// Validity, in days from now.
    pub days: u32,
}

/// A CA certificate and a serving certificate with its key, PEM-encoded.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The CA certificate: what the API server must trust.
    pub ca_pem: String,
    /// The serving certificate.
    pub cert_pem: String,
    /// The serving certificate's private key.
    pub key_pem: String,
    /// The names the serving certificate is valid for.
    pub names: Vec<String>,
}

impl Generated {
    /// The CA certificate in base64, as `caBundle` of a webhook configuration wants it.
    pub fn ca_bundle(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.ca_pem)
    }

    /// Writes `ca.crt`, `tls.crt` and `tls.key` (readable by the owner only) into `dir`,
    /// creating it; returns the paths written.
    pub fn write(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let mut written = Vec::new();
        for (name, text, private) in [
            ("ca.crt", &self.ca_pem, false),
            ("tls.crt", &self.cert_pem, false),
            ("tls.key", &self.key_pem, true),
        ] {
            let path = dir.join(name);
            write_file(&path, text.as_bytes(), private)?;
            written.push(path);
        }
        Ok(written)
    }
}

fn write_file(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    std::io::Write::write_all(&mut options.open(path)?, bytes)
}

/// The DNS names the API server may use for a Service: `svc`, `svc.ns`, `svc.ns.svc` and
/// `svc.ns.svc.cluster.local`.
pub fn service_names(service: &str, namespace: &str) -> Vec<String> {
    vec![
        service.to_owned(),
        format!("{service}.{namespace}"),
        format!("{service}.{namespace}.svc"),
        format!("{service}.{namespace}.svc.cluster.local"),
    ]
}

/// Generates a CA and a serving certificate signed by it (ECDSA P-256).
pub fn generate(request: &CertRequest) -> Result<Generated, rcgen::Error> {
    let now = time::OffsetDateTime::now_utc();
    // A little slack for clocks that are slightly behind.
    let not_before = now - time::Duration::hours(1);
    let not_after = now + time::Duration::days(i64::from(request.days));

    let ca_key = KeyPair::generate()?;
    let mut ca = CertificateParams::new(Vec::<String>::new())?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.distinguished_name.push(
        DnType::CommonName,
        format!("kubeward webhook CA ({})", request.namespace),
    );
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.not_before = not_before;
    ca.not_after = not_after;
    let ca_cert = ca.self_signed(&ca_key)?;
    let issuer = Issuer::new(ca, ca_key);

    let mut names = service_names(&request.service, &request.namespace);
    for name in &request.extra_names {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let key = KeyPair::generate()?;
    let mut serving = CertificateParams::new(names.clone())?;
    serving
        .distinguished_name
        .push(DnType::CommonName, names[2].clone());
    serving.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    serving.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    serving.use_authority_key_identifier_extension = true;
    serving.not_before = not_before;
    serving.not_after = not_after;
    let cert = serving.signed_by(&key, &issuer)?;

    Ok(Generated {
        ca_pem: ca_cert.pem(),
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serving_certificate_loads_and_names_the_service() {
        let generated = generate(&CertRequest {
            service: "kubeward".into(),
            namespace: "kubeward-system".into(),
            extra_names: vec!["127.0.0.1".into(), "kubeward".into()],
            days: 30,
        })
        .unwrap();
        assert_eq!(
            generated.names,
            [
                "kubeward",
                "kubeward.kubeward-system",
                "kubeward.kubeward-system.svc",
                "kubeward.kubeward-system.svc.cluster.local",
                "127.0.0.1"
            ]
        );
        assert!(generated.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        crate::reload::load_certified_key(
            generated.cert_pem.as_bytes(),
            generated.key_pem.as_bytes(),
        )
        .unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(generated.ca_bundle())
            .unwrap();
        assert_eq!(decoded, generated.ca_pem.as_bytes());

        let dir = tempfile::tempdir().unwrap();
        let written = generated.write(&dir.path().join("tls")).unwrap();
        assert_eq!(written.len(), 3);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&written[2]).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
