//! AdmissionReview `admission.k8s.io/v1`, as kube-apiserver sends it and expects it back.
//!
//! Requests are read leniently (fields kubeward does not use, and fields added by later
//! Kubernetes releases, are accepted and ignored) but strictly where it matters: the envelope must
//! be `admission.k8s.io/v1` `AdmissionReview` with a `request` carrying a `uid`. The objects stay
//! raw JSON until a decision needs them.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The only AdmissionReview version kubeward speaks.
pub const API_VERSION: &str = "admission.k8s.io/v1";
const KIND: &str = "AdmissionReview";

/// An incoming AdmissionReview.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a> {
    api_version: Option<String>,
    kind: Option<String>,
    #[serde(borrow)]
    request: Option<Request<'a>>,
}

/// `request` of an AdmissionReview.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request<'a> {
    /// Identifies this request; the response must carry it back.
    pub uid: String,
    /// The kind of the object (after conversion to the version the webhook asked for).
    #[serde(default)]
    pub kind: GroupVersionKind,
    /// `pods/ephemeralcontainers` is `ephemeralcontainers`; empty for the main resource.
    #[serde(default)]
    pub sub_resource: Option<String>,
    /// `metadata.name` (may be empty on CREATE with `generateName`).
    #[serde(default)]
    pub name: Option<String>,
    /// The namespace of the request; empty for cluster-scoped objects.
    #[serde(default)]
    pub namespace: Option<String>,
    /// CREATE, UPDATE, DELETE or CONNECT.
    pub operation: Operation,
    /// Who sends the request.
    #[serde(default)]
    pub user_info: UserInfo,
    /// The object as it would be stored (CREATE, UPDATE), or `null`.
    #[serde(default, borrow)]
    pub object: Option<&'a RawValue>,
    /// The stored object (UPDATE, DELETE), or `null`.
    #[serde(default, borrow)]
    pub old_object: Option<&'a RawValue>,
    /// A dry run: nothing will be persisted.
    #[serde(default)]
    pub dry_run: Option<bool>,
}

impl<'a> Request<'a> {
    /// The raw `object`, unless absent or `null`.
    pub fn object(&self) -> Option<&'a RawValue> {
        self.object.filter(|o| o.get() != "null")
    }

    /// The raw `oldObject`, unless absent or `null`.
    pub fn old_object(&self) -> Option<&'a RawValue> {
        self.old_object.filter(|o| o.get() != "null")
    }

    /// Whether this is a dry run.
    pub fn is_dry_run(&self) -> bool {
        self.dry_run == Some(true)
    }
}

/// `group`, `version` and `kind`.
#[derive(Debug, Default, Deserialize)]
pub struct GroupVersionKind {
    /// API group, empty for the core group.
    #[serde(default)]
    pub group: String,
    /// API version.
    #[serde(default)]
    pub version: String,
    /// Kind.
    #[serde(default)]
    pub kind: String,
}

/// The operation of an admission request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Operation {
    /// A new object.
    Create,
    /// A change to an object.
    Update,
    /// A deletion.
    Delete,
    /// `exec`, `attach`, `port-forward`, `proxy`.
    Connect,
}

impl Operation {
    /// As the API server writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "CREATE",
            Operation::Update => "UPDATE",
            Operation::Delete => "DELETE",
            Operation::Connect => "CONNECT",
        }
    }
}

/// `userInfo`: the authenticated requester.
#[derive(Debug, Default, Deserialize)]
pub struct UserInfo {
    /// User name; service accounts are `system:serviceaccount:<namespace>:<name>`.
    #[serde(default)]
    pub username: String,
    /// Groups the user belongs to.
    #[serde(default)]
    pub groups: Vec<String>,
}

/// Why a request body is not an AdmissionReview kubeward can answer: the API server gets a 400
/// with this text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// Not JSON, or JSON of the wrong shape.
    #[error("malformed AdmissionReview: {0}")]
    Malformed(String),
    /// Another `apiVersion` or `kind`.
    #[error(
        "expected apiVersion {API_VERSION:?} and kind {KIND:?}, found {api_version:?} and {kind:?}; \
         set admissionReviewVersions: [v1] in the webhook configuration"
    )]
    WrongVersion {
        /// The `apiVersion` sent.
        api_version: String,
        /// The `kind` sent.
        kind: String,
    },
    /// No `request`.
    #[error("AdmissionReview has no request")]
    NoRequest,
    /// A request with an empty `uid`.
    #[error("AdmissionReview request has an empty uid")]
    NoUid,
}

/// Reads an AdmissionReview body.
pub fn parse(body: &[u8]) -> Result<Request<'_>, ReviewError> {
    let envelope: Envelope<'_> =
        serde_json::from_slice(body).map_err(|e| ReviewError::Malformed(e.to_string()))?;
    let api_version = envelope.api_version.unwrap_or_default();
    let kind = envelope.kind.unwrap_or_default();
    if api_version != API_VERSION || kind != KIND {
        return Err(ReviewError::WrongVersion { api_version, kind });
    }
    let request = envelope.request.ok_or(ReviewError::NoRequest)?;
    if request.uid.is_empty() {
        return Err(ReviewError::NoUid);
    }
    Ok(request)
}

/// The answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// The request's `uid`.
    pub uid: String,
    /// Whether the request may proceed.
    pub allowed: bool,
    /// Why it is denied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Warnings kubectl prints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// `JSONPatch` when `patch` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_type: Option<&'static str>,
    /// An RFC 6902 JSON Patch, base64-encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<String>,
}

/// `response.status` of a denial.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// HTTP-like code the API server returns to the client (403).
    pub code: u16,
    /// The message the client shows.
    pub message: String,
}

impl Response {
    /// An allowing response.
    pub fn allow(uid: &str) -> Response {
        Response {
            uid: uid.to_owned(),
            allowed: true,
            status: None,
            warnings: Vec::new(),
            patch_type: None,
            patch: None,
        }
    }

    /// A denying response with `message`.
    pub fn deny(uid: &str, message: String) -> Response {
        Response {
            allowed: false,
            status: Some(Status { code: 403, message }),
            ..Response::allow(uid)
        }
    }

    /// The whole AdmissionReview carrying this response, as JSON.
    pub fn to_review_json(&self) -> Vec<u8> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Out<'a> {
            api_version: &'static str,
            kind: &'static str,
            response: &'a Response,
        }
        serde_json::to_vec(&Out {
            api_version: API_VERSION,
            kind: KIND,
            response: self,
        })
        .expect("a response serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_create_request_and_keeps_objects_raw() {
        let body = br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
            "uid":"705ab4f5-6393-11e8-b7cc-42010a800002",
            "kind":{"group":"apps","version":"v1","kind":"Deployment"},
            "resource":{"group":"apps","version":"v1","resource":"deployments"},
            "requestKind":{"group":"apps","version":"v1","kind":"Deployment"},
            "name":"web","namespace":"shop","operation":"CREATE",
            "userInfo":{"username":"alice","uid":"1","groups":["dev","system:authenticated"],"extra":{"x":["y"]}},
            "object":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}},
            "oldObject":null,"dryRun":true,"options":{"apiVersion":"meta.k8s.io/v1","kind":"CreateOptions"},
            "futureField":{"a":1}}}"#;
        let request = parse(body).unwrap();
        assert_eq!(request.uid, "705ab4f5-6393-11e8-b7cc-42010a800002");
        assert_eq!(request.kind.kind, "Deployment");
        assert_eq!(request.operation, Operation::Create);
        assert_eq!(request.user_info.groups, ["dev", "system:authenticated"]);
        assert!(request.is_dry_run());
        assert!(
            request
                .object()
                .unwrap()
                .get()
                .starts_with("{\"apiVersion\"")
        );
        assert!(request.old_object().is_none());
    }

    #[test]
    fn rejects_what_it_cannot_answer() {
        assert!(matches!(parse(b"{"), Err(ReviewError::Malformed(_))));
        assert!(matches!(parse(b"[]"), Err(ReviewError::Malformed(_))));
        let v1beta1 = br#"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE"}}"#;
        let error = parse(v1beta1).unwrap_err();
        assert!(
            error.to_string().contains("admissionReviewVersions: [v1]"),
            "{error}"
        );
        let no_request = br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#;
        assert_eq!(parse(no_request).unwrap_err(), ReviewError::NoRequest);
        let no_uid = br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"","operation":"CREATE"}}"#;
        assert_eq!(parse(no_uid).unwrap_err(), ReviewError::NoUid);
        let bad_operation = br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"PATCH"}}"#;
        assert!(matches!(
            parse(bad_operation),
            Err(ReviewError::Malformed(_))
        ));
    }

    #[test]
    fn writes_the_response_review() {
        let mut response = Response::deny("u1", "no".into());
        response.warnings.push("w".into());
        let json: serde_json::Value = serde_json::from_slice(&response.to_review_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                "response": {"uid": "u1", "allowed": false, "status": {"code": 403, "message": "no"},
                             "warnings": ["w"]}})
        );
    }
}
