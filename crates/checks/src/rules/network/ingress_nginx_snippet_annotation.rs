//! `ingress-nginx-snippet-annotation`: an Ingress injects raw NGINX configuration through a
//! `*-snippet` annotation (CVE-2021-25742).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{ACCESS_API_SERVER, LIST_KUBERNETES_SECRETS};
use crate::util::network::is_ingress;
use crate::{Check, Context};

pub(crate) static CHECK: IngressNginxSnippetAnnotation = IngressNginxSnippetAnnotation;

pub(crate) struct IngressNginxSnippetAnnotation;

/// ingress-nginx's annotation prefix.
const PREFIX: &str = "nginx.ingress.kubernetes.io/";

static META: CheckMeta = CheckMeta {
    id: "ingress-nginx-snippet-annotation",
    title: "Ingress injects NGINX configuration snippets",
    severity: Severity::High,
    category: Category::Security,
    kinds: &["Ingress"],
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS, ACCESS_API_SERVER],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each annotation of an Ingress (`networking.k8s.io` or `extensions`) whose key starts with \
               `nginx.ingress.kubernetes.io/` and ends with `-snippet` (`configuration-snippet`, `server-snippet`, \
               `auth-snippet`, `stream-snippet`, `modsecurity-snippet`...) and has a non-empty value, at the \
               annotation's key. A controller started with a custom `--annotations-prefix` is not recognised.",
        why: "Snippet annotations paste raw text into the ingress-nginx controller's configuration. Anyone who \
              may create or edit an Ingress can then read files in the controller pod, including its service \
              account token, which can read every Secret in the cluster (CVE-2021-25742), or reroute other \
              tenants' traffic. Recent controller releases disable snippets by default for this reason.",
        fix: "Replace the snippet with the dedicated annotations or the controller's global ConfigMap, and keep \
              `allow-snippet-annotations` disabled on the controller.",
        failing: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    nginx.ingress.kubernetes.io/configuration-snippet: |\n      more_set_headers \"X-Frame-Options: DENY\";\nspec:\n  ingressClassName: nginx\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n",
        passing: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: \"true\"\nspec:\n  ingressClassName: nginx\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n",
        references: &[
            "https://github.com/kubernetes/ingress-nginx/issues/7837",
            "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/",
        ],
    },
};

impl Check for IngressNginxSnippetAnnotation {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let ingress = ctx.object();
        if !is_ingress(ingress) {
            return;
        }
        let annotations = ingress.root().get_path(&["metadata", "annotations"]);
        for (key, value) in annotations.into_iter().flat_map(|a| a.entries()) {
            let Some(name) = key.text() else { continue };
            let snippet = name
                .strip_prefix(PREFIX)
                .is_some_and(|n| n.ends_with("-snippet"));
            if snippet && value.text().is_some_and(|v| !v.trim().is_empty()) {
                ctx.report(
                    key,
                    format_args!("annotation {name:?} injects raw configuration into the ingress-nginx controller"),
                );
            }
        }
    }
}
