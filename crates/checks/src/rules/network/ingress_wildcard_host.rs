//! `ingress-wildcard-host`: an Ingress rule matches any host, or every subdomain of one.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::EXPOSED_SENSITIVE_INTERFACES;
use crate::util::network::is_ingress;
use crate::{Check, Context};

pub(crate) static CHECK: IngressWildcardHost = IngressWildcardHost;

pub(crate) struct IngressWildcardHost;

static META: CheckMeta = CheckMeta {
    id: "ingress-wildcard-host",
    title: "Ingress rule matches any host",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &["Ingress"],
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of an Ingress (`networking.k8s.io` or `extensions`) whose `host` is a wildcard \
               (`*` or `*.example.com`), at `host`, or that has no `host` (or an empty one), at the rule. A default \
               backend without rules is not reported.",
        why: "A rule without a host answers requests for any name that resolves to the controller, including its \
              bare IP address, so scanners and anyone who finds the address reach the backend. A wildcard host \
              routes every subdomain, including names nobody meant to publish, and a shared Ingress controller \
              may let one team's wildcard capture another team's hosts.",
        fix: "Set `host` on every rule to the exact names the application serves.",
        failing: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - host: \"*.example.com\"\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: web, port: {number: 80}}\n",
        passing: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: web, port: {number: 80}}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards",
            "https://kubernetes.io/docs/concepts/services-networking/ingress/#name-based-virtual-hosting",
        ],
    },
};

impl Check for IngressWildcardHost {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let ingress = ctx.object();
        if !is_ingress(ingress) {
            return;
        }
        let rules = ingress.root().get_path(&["spec", "rules"]);
        for rule in rules.into_iter().flat_map(|r| r.items()) {
            match rule.entry("host") {
                Some((key, host)) => match host.text().map(str::trim) {
                    Some(name) if name.starts_with('*') => {
                        ctx.report(
                            key,
                            format_args!("host {name:?} is a wildcard that matches every subdomain"),
                        );
                    }
                    Some("") | None => ctx.report(
                        key,
                        "rule has an empty host, so it matches requests for any host",
                    ),
                    Some(_) => {}
                },
                None => ctx.report(
                    rule,
                    "rule has no host, so it matches requests for any host",
                ),
            }
        }
    }
}
