//! `ingress-without-tls`: an Ingress serves its hosts over plain HTTP only.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::nsa;
use crate::util::network::is_ingress;
use crate::{Check, Context};

pub(crate) static CHECK: IngressWithoutTls = IngressWithoutTls;

pub(crate) struct IngressWithoutTls;

/// Annotations with which cloud Ingress controllers terminate TLS with certificates they manage,
/// without a `tls` section.
const CLOUD_TLS_ANNOTATIONS: &[&str] = &[
    "alb.ingress.kubernetes.io/certificate-arn",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
    "networking.gke.io/managed-certificates",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
];

static META: CheckMeta = CheckMeta {
    id: "ingress-without-tls",
    title: "Ingress has no TLS",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &["Ingress"],
    mappings: Mappings {
        nsa: &[nsa::ENCRYPTION],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires on an Ingress (`networking.k8s.io` or `extensions`) that routes traffic (has `rules` or a \
               default backend) and has no `tls` entries, at `spec`. An Ingress whose certificate a cloud \
               controller manages through annotations (`alb.ingress.kubernetes.io/certificate-arn`, or listen \
               ports including HTTPS; `ingress.gcp.kubernetes.io/pre-shared-cert`; \
               `networking.gke.io/managed-certificates`; `appgw.ingress.kubernetes.io/appgw-ssl-certificate`) is \
               not reported. An Ingress with `tls` for some of its hosts only is not reported either.",
        why: "Without TLS, credentials, session cookies and data travel in clear text between clients and the \
              cluster, where anyone on the path can read or alter them.",
        fix: "Add a `tls` section naming the hosts and a Secret with their certificate (cert-manager can issue \
              and renew it), and redirect HTTP to HTTPS.",
        failing: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: web, port: {number: 80}}\n",
        passing: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: web, port: {number: 80}}\n",
        references: &["https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"],
    },
};

impl Check for IngressWithoutTls {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let ingress = ctx.object();
        if !is_ingress(ingress) {
            return;
        }
        let Some((spec_key, spec)) = ingress.root().entry("spec") else {
            return;
        };
        let routes = spec.get("rules").is_some_and(|r| !r.is_empty())
            || ["defaultBackend", "backend"]
                .iter()
                .any(|f| spec.get(f).is_some_and(|b| !b.is_null()));
        let has_tls = spec.get("tls").is_some_and(|t| !t.is_empty());
        let cloud_tls = CLOUD_TLS_ANNOTATIONS
            .iter()
            .any(|a| ingress.annotation(a).is_some_and(|v| !v.trim().is_empty()))
            || ingress
                .annotation("alb.ingress.kubernetes.io/listen-ports")
                .is_some_and(|v| v.contains("HTTPS"));
        if routes && !has_tls && !cloud_tls {
            let at = spec.entry("tls").map_or(spec_key, |(key, _)| key);
            ctx.report(
                at,
                "no tls section, so its hosts are served over plain HTTP",
            );
        }
    }
}
