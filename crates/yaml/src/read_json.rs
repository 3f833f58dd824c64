//! JSON read straight into a [`Document`], for callers that receive one JSON object rather than
//! a manifest file (the admission webhook). JSON is YAML, and [`crate::parse_document`] reads it
//! too, but through the general YAML parser's flow-style path; serde_json's reader feeds the same
//! [`Builder`] several times faster.
//!
//! The tree is the one [`crate::parse_document`] builds for the same text: strings are
//! double-quoted scalars (never resolved as YAML 1.1 booleans or numbers), numbers, `true`,
//! `false` and `null` are plain scalars; duplicate keys are errors. Positions are not tracked:
//! every node is at line 1, column 1.

use std::cell::RefCell;
use std::fmt;

use granit_parser::ScalarStyle;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::build::{Builder, Limits};
use crate::error::{DocumentError, ErrorKind};
use crate::tree::{Document, Kind, Position};

const AT: Position = Position { line: 1, column: 1 };

/// Parses one JSON value into a document. `Ok(None)` for `null`.
///
/// ```
/// let doc = kubeward_yaml::parse_json(br#"{"a": "yes", "b": [1, true]}"#, &Default::default())
///     .unwrap()
///     .unwrap();
/// assert_eq!(doc.root().get_str("a"), Some("yes"));
/// assert_eq!(doc.root().get("b").unwrap().len(), 2);
/// ```
pub fn parse_json(bytes: &[u8], limits: &Limits) -> Result<Option<Document>, DocumentError> {
    limits.check_size(bytes.len(), AT)?;
    let builder = RefCell::new(Builder::new(bytes.len(), 1, limits));
    let failure = RefCell::new(None);
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let read = Node {
        builder: &builder,
        failure: &failure,
    }
    .deserialize(&mut reader)
    .and_then(|()| reader.end());
    if let Some(error) = failure.into_inner() {
        return Err(error);
    }
    if let Err(error) = read {
        let kind = if error.is_data() || error.is_syntax() || error.is_eof() {
            ErrorKind::Syntax
        } else {
            ErrorKind::InvalidUtf8
        };
        let position = Position {
            line: error.line().max(1) as u32,
            column: error.column().max(1) as u32,
        };
        return Err(DocumentError::new(kind, position, error.to_string()));
    }
    Ok(builder.into_inner().finish())
}

/// Reads one JSON value into the builder; a builder error is kept in `failure` (serde errors
/// carry only text).
struct Node<'a, 'l> {
    builder: &'a RefCell<Builder<'l>>,
    failure: &'a RefCell<Option<DocumentError>>,
}

impl Node<'_, '_> {
    fn again(&self) -> Self {
        Node {
            builder: self.builder,
            failure: self.failure,
        }
    }

    fn built<E: de::Error>(&self, result: Result<(), DocumentError>) -> Result<(), E> {
        result.map_err(|error| {
            let message = error.message.clone();
            *self.failure.borrow_mut() = Some(error);
            E::custom(message)
        })
    }

    fn scalar<E: de::Error>(&self, text: &str, style: ScalarStyle) -> Result<(), E> {
        let result = self
            .builder
            .borrow_mut()
            .scalar_event(text, style, 0, None, AT);
        self.built(result)
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, reader: D) -> Result<(), D::Error> {
        reader.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.scalar(if value { "true" } else { "false" }, ScalarStyle::Plain)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.scalar(&value.to_string(), ScalarStyle::Plain)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.scalar(&value.to_string(), ScalarStyle::Plain)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        // `{:?}` keeps a fraction (`1.0`), so the scalar stays a float as in the JSON text.
        self.scalar(&format!("{value:?}"), ScalarStyle::Plain)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.scalar(value, ScalarStyle::DoubleQuoted)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar("null", ScalarStyle::Plain)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let started = self.builder.borrow_mut().start_collection(Kind::Seq, 0, AT);
        self.built(started)?;
        while items.next_element_seed(self.again())?.is_some() {}
        let ended = self.builder.borrow_mut().end_collection(AT);
        self.built(ended)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<(), A::Error> {
        let started = self.builder.borrow_mut().start_collection(Kind::Map, 0, AT);
        self.built(started)?;
        while entries.next_key_seed(self.again())?.is_some() {
            entries.next_value_seed(self.again())?;
        }
        let ended = self.builder.borrow_mut().end_collection(AT);
        self.built(ended)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_yaml_path(json: &str) {
        let fast = parse_json(json.as_bytes(), &Limits::default())
            .unwrap()
            .unwrap();
        let general = crate::parse_document(json.as_bytes(), 1, &Limits::default())
            .unwrap()
            .unwrap();
        assert_eq!(
            fast.root().to_json().unwrap(),
            general.root().to_json().unwrap(),
            "{json}"
        );
    }

    #[test]
    fn the_same_tree_as_the_yaml_path() {
        same_as_yaml_path(
            r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"y":"yes","n":"0755"}},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":8080}],"resources":{"limits":{"cpu":0.5,"memory":"1Gi"}}}],"hostNetwork":true,"x":null,"big":18446744073709551615,"neg":-3,"e":1.5e3,"s":"caf\u00e9 \ud83d\ude00"}}"#,
        );
        same_as_yaml_path(r#"[1, [2, {"a": []}], {}]"#);
        same_as_yaml_path(r#""just a string""#);
    }

    #[test]
    fn errors() {
        let limits = Limits::default();
        let duplicate = parse_json(br#"{"a": 1, "a": 2}"#, &limits).unwrap_err();
        assert_eq!(duplicate.kind, ErrorKind::DuplicateKey);
        let broken = parse_json(b"{\"a\": \n [1,", &limits).unwrap_err();
        assert_eq!((broken.kind, broken.position.line), (ErrorKind::Syntax, 2));
        assert_eq!(
            parse_json(b"{} x", &limits).unwrap_err().kind,
            ErrorKind::Syntax
        );
        let small = Limits {
            max_document_bytes: 4,
            ..Limits::default()
        };
        assert_eq!(
            parse_json(b"[1, 2]", &small).unwrap_err().kind,
            ErrorKind::TooLarge
        );
        let shallow = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert_eq!(
            parse_json(b"[[[[1]]]]", &shallow).unwrap_err().kind,
            ErrorKind::TooDeep
        );
        assert!(parse_json(b"null", &limits).unwrap().is_none());
    }
}
