use super::*;

fn one(src: &str) -> Document {
    let mut docs = parse_stream(src.as_bytes(), &Limits::default());
    assert_eq!(docs.len(), 1, "expected one chunk");
    docs.remove(0).expect("parses").expect("has content")
}

fn err(src: &[u8]) -> DocumentError {
    parse_stream(src, &Limits::default())
        .into_iter()
        .find_map(Result::err)
        .expect("an error")
}

fn pos(line: u32, column: u32) -> Position {
    Position { line, column }
}

#[test]
fn positions_of_keys_and_values() {
    let doc = one("kind: Pod\nspec:\n  containers:\n    - name: app\n      image: nginx\n");
    let root = doc.root();
    let (key, value) = root.entry("kind").unwrap();
    assert_eq!((key.position(), value.position()), (pos(1, 1), pos(1, 7)));
    let container = root
        .get_path(&["spec", "containers"])
        .unwrap()
        .items()
        .next()
        .unwrap();
    assert_eq!(container.position(), pos(4, 7));
    assert_eq!(container.entry("image").unwrap().0.position(), pos(5, 7));
}

#[test]
fn crlf_and_bom_do_not_shift_positions() {
    let lf = one("a: 1\nb:\n  c: x\n");
    let crlf = one("\u{feff}a: 1\r\nb:\r\n  c: x\r\n");
    for doc in [&lf, &crlf] {
        let (k, v) = doc.root().get("b").unwrap().entry("c").unwrap();
        assert_eq!((k.position(), v.position()), (pos(3, 3), pos(3, 6)));
        assert_eq!(doc.root().entry("a").unwrap().0.position(), pos(1, 1));
    }
    assert_eq!(crlf.root().get("b").unwrap().get_str("c"), Some("x"));
}

#[test]
fn columns_count_characters() {
    let doc = one("é: ü\nx: ä\n");
    assert_eq!(doc.root().entry("é").unwrap().1.position(), pos(1, 4));
}

#[test]
fn lines_continue_across_documents() {
    let docs = parse_stream(b"a: 1\n---\n# c\nb: 2\n", &Limits::default());
    let second = docs[1].as_ref().unwrap().as_ref().unwrap();
    assert_eq!(second.root().entry("b").unwrap().0.position(), pos(4, 1));
}

#[test]
fn yaml_1_1_scalars_as_kubernetes_reads_them() {
    let doc = one(
        "a: yes\nb: off\nc: 'yes'\nd: 0755\ne: 1_000\nf: ~\ng: y\nh: 1.5\ni: 2024-01-01\nj: 0o17\n",
    );
    let r = doc.root();
    assert_eq!(r.get_bool("a"), Some(true));
    assert_eq!(r.get_bool("b"), Some(false));
    assert_eq!(r.get_str("c"), Some("yes"));
    assert_eq!(r.get_i64("d"), Some(493));
    assert_eq!(r.get_i64("e"), Some(1000));
    assert!(r.get("f").unwrap().is_null());
    assert_eq!(r.get_bool("g"), Some(true));
    assert_eq!(r.get("h").unwrap().as_f64(), Some(1.5));
    assert_eq!(r.get_str("i"), Some("2024-01-01"));
    assert_eq!(r.get_i64("j"), Some(15));
}

#[test]
fn boolean_keys_become_strings() {
    let doc = one("y: 1\nno: 2\n010: 3\n");
    let keys: Vec<_> = doc
        .root()
        .entries()
        .map(|(k, _)| k.text().unwrap())
        .collect();
    assert_eq!(keys, ["true", "false", "8"]);
    assert_eq!(
        doc.root().entry("true").unwrap().0.style(),
        Style::ConvertedKey
    );
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let doc = one(concat!(
        "base: &base\n  privileged: true\n  runAsUser: 0\n",
        "extra: &extra\n  runAsUser: 5\n  readOnlyRootFilesystem: false\n",
        "merged:\n  <<: [*base, *extra]\n  runAsUser: 1000\n",
        "copy: *base\n",
    ));
    let merged = doc.root().get("merged").unwrap();
    assert_eq!(merged.get_bool("privileged"), Some(true));
    assert_eq!(merged.get_i64("runAsUser"), Some(1000));
    assert_eq!(merged.get_bool("readOnlyRootFilesystem"), Some(false));
    assert_eq!(merged.len(), 3);
    // Merged values keep the position of their definition.
    assert_eq!(merged.entry("privileged").unwrap().0.position(), pos(2, 3));
    let copy = doc.root().get("copy").unwrap();
    assert_eq!(copy.get_bool("privileged"), Some(true));
    assert_eq!(copy.position(), pos(10, 7));
}

#[test]
fn earlier_merge_sources_win() {
    let doc = one("a: &a {p: 1}\nb: &b {p: 2, q: 2}\nc:\n  <<: [*a, *b]\n");
    let c = doc.root().get("c").unwrap();
    assert_eq!((c.get_i64("p"), c.get_i64("q")), (Some(1), Some(2)));
}

#[test]
fn quoted_merge_key_is_a_plain_key() {
    let doc = one("a: &a {x: 1}\nb:\n  '<<': *a\n");
    assert!(doc.root().get("b").unwrap().get("<<").is_some());
}

#[test]
fn bad_merge_value_is_an_error() {
    assert_eq!(err(b"a:\n  <<: 5\n").kind, ErrorKind::MergeValue);
}

#[test]
fn duplicate_keys_are_errors_with_both_positions() {
    let e = err(b"a: 1\nb: 2\na: 3\n");
    assert_eq!(e.kind, ErrorKind::DuplicateKey);
    assert_eq!(e.position, pos(3, 1));
    assert!(e.message.contains("first at line 1"), "{}", e.message);
    let many: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect::<String>() + "k7: again\n";
    assert_eq!(err(many.as_bytes()).position, pos(41, 1));
    assert_eq!(err(b"y: 1\nyes: 2\n").kind, ErrorKind::DuplicateKey);
}

#[test]
fn broken_document_does_not_hide_the_next() {
    let docs = parse_stream(
        b"a: 1\n---\nb: [unclosed\nc: 2\n---\nd: 4\n",
        &Limits::default(),
    );
    assert_eq!(docs.len(), 3);
    assert!(docs[0].is_ok());
    let e = docs[1].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!((3..=5).contains(&e.position.line), "{e}");
    assert_eq!(
        docs[2]
            .as_ref()
            .unwrap()
            .as_ref()
            .unwrap()
            .root()
            .get_i64("d"),
        Some(4)
    );
}

#[test]
fn empty_and_comment_only_chunks_have_no_document() {
    let docs = parse_stream(b"---\n# only a comment\n---\n~\n", &Limits::default());
    assert!(docs.iter().all(|d| matches!(d, Ok(None))));
}

#[test]
fn billion_laughs_is_refused() {
    let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in 'b'..='j' {
        src.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = name;
    }
    assert_eq!(err(src.as_bytes()).kind, ErrorKind::AliasExpansion);
}

#[test]
fn deep_nesting_is_refused() {
    let deep = "[".repeat(100_000);
    let e = err(deep.as_bytes());
    assert!(
        matches!(e.kind, ErrorKind::Syntax | ErrorKind::TooDeep),
        "{e:?}"
    );
    let block: String = (0..300)
        .map(|i| format!("{}k:\n", "  ".repeat(i)))
        .collect();
    let e = err(block.as_bytes());
    assert!(
        matches!(e.kind, ErrorKind::Syntax | ErrorKind::TooDeep),
        "{e:?}"
    );
}

#[test]
fn deep_nesting_through_aliases_is_refused() {
    let limits = Limits {
        max_depth: 8,
        ..Limits::default()
    };
    let src = "a: &a [[[[[1]]]]]\nb: [[[[*a]]]]\n";
    let e = parse_stream(src.as_bytes(), &limits).remove(0).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep);
}

#[test]
fn oversized_document_is_refused() {
    let limits = Limits {
        max_document_bytes: 10,
        ..Limits::default()
    };
    let docs = parse_stream(b"a: 12345678901\n---\nb: 1\n", &limits);
    assert_eq!(docs[0].as_ref().unwrap_err().kind, ErrorKind::TooLarge);
    assert!(docs[1].is_ok());
}

#[test]
fn invalid_utf8_is_reported_where_it_is() {
    let docs = parse_stream(
        b"a: 1\n---\nb: ok\nc: \xff\xfe\n---\nd: 1\n",
        &Limits::default(),
    );
    let e = docs[1].as_ref().unwrap_err();
    assert_eq!((e.kind, e.position), (ErrorKind::InvalidUtf8, pos(4, 4)));
    assert!(docs[2].is_ok());
}

#[test]
fn json_documents_parse_with_positions() {
    let doc = one("{\n  \"kind\": \"Pod\",\n  \"spec\": {\"hostNetwork\": true}\n}\n");
    assert_eq!(doc.root().get_str("kind"), Some("Pod"));
    assert_eq!(
        doc.root()
            .get("spec")
            .unwrap()
            .entry("hostNetwork")
            .unwrap()
            .0
            .position(),
        pos(3, 12)
    );
}

#[test]
fn to_json_matches_kubernetes_conversion() {
    let doc = one("b: 0755\na: yes\nc: [1.0, '2', ~, 1e21]\nd: 1.5\ne: '<&>'\n");
    assert_eq!(
        doc.root().to_json().unwrap(),
        r#"{"a":true,"b":493,"c":[1,"2",null,1e+21],"d":1.5,"e":"\u003c\u0026\u003e"}"#
    );
    assert!(one("a: .inf\n").root().to_json().is_err());
}

#[test]
fn only_the_first_document_of_a_chunk_counts() {
    // `...` is no separator for kubectl, so this is one chunk holding two YAML documents.
    let doc = one("x: 1\n...\ny: 2\n");
    assert_eq!(doc.root().get_i64("x"), Some(1));
    assert_eq!(doc.root().len(), 1);
}

#[test]
fn content_after_a_separator_is_an_error_for_its_chunk() {
    let docs = parse_stream(b"x: 1\n--- a\nz: 2\n", &Limits::default());
    let error = docs[0].as_ref().unwrap_err();
    assert_eq!(
        (error.kind, error.position),
        (ErrorKind::InvalidSeparator, pos(2, 1))
    );
    assert_eq!(
        docs[1]
            .as_ref()
            .unwrap()
            .as_ref()
            .unwrap()
            .root()
            .get_i64("z"),
        Some(2)
    );
}

#[test]
fn traps_are_recorded_where_they_are() {
    let doc = one(concat!(
        "a: yes\n",                                  // 1
        "b: 0755\n",                                 // 2
        "c: 1:30\n",                                 // 3
        "y: 1\n",                                    // 4
        "d: [true, 80, name, '0755']\n",             // 5
        "e: &sc {privileged: true, runAsUser: 0}\n", // 6
        "f:\n",                                      // 7
        "  sc: *sc\n",                               // 8
        "  m:\n",                                    // 9
        "    <<: *sc\n",                             // 10
        "    runAsUser: 5\n",                        // 11
    ));
    let traps: Vec<(u32, TrapKind)> = doc
        .traps()
        .iter()
        .map(|t| (t.position.line, t.kind.clone()))
        .collect();
    let scalar = |w: &str, key| TrapKind::Scalar {
        written: w.into(),
        key,
    };
    assert_eq!(
        traps,
        vec![
            (1, scalar("yes", false)),
            (2, scalar("0755", false)),
            (3, scalar("1:30", false)),
            (4, scalar("y", true)),
            (
                8,
                TrapKind::Alias {
                    path: "f.sc".into(),
                    anchor: pos(6, 8)
                }
            ),
            (
                10,
                TrapKind::Alias {
                    path: "f.m.<<".into(),
                    anchor: pos(6, 8)
                }
            ),
            (
                11,
                TrapKind::MergeOverride {
                    key: "runAsUser".into(),
                    first: pos(10, 5)
                }
            ),
        ]
    );
    let m = doc.root().get_path(&["f", "m"]).unwrap();
    assert_eq!(m.get_i64("runAsUser"), Some(5));
    assert_eq!(doc.traps_between(pos(8, 1), Some(pos(11, 1))).len(), 2);
}

#[test]
fn a_merge_after_a_key_overrides_it_as_go_yaml_decodes() {
    let doc = one("a: &a {p: 1}\nb:\n  p: 2\n  <<: *a\n");
    assert_eq!(doc.root().get("b").unwrap().get_i64("p"), Some(1));
}

#[test]
fn tags_binary_and_float_keys_as_go_yaml_reads_them() {
    let doc = one(concat!(
        "a: !!binary aGVsbG8=\n",
        "b: !custom 12\n",
        "c: !!float 0x10\n",
        "1.5: x\n",
        "123456789.0: yy\n",
        ".INF: z\n",
        "1e3: w\n",
    ));
    assert_eq!(
        doc.root().to_json().unwrap(),
        r#"{".inf":"z","1.2345679e+08":"yy","1.5":"x","1000":"w","a":"hello","b":"12","c":16}"#
    );
    assert_eq!(
        err(b"18446744073709551615: x\n").kind,
        ErrorKind::UnsupportedKey
    );
    assert_eq!(err(b"a: !!binary 'a b'\n").kind, ErrorKind::Syntax);
}

#[test]
fn collection_keys_are_errors() {
    assert_eq!(err(b"? [a]\n: 1\n").kind, ErrorKind::UnsupportedKey);
    assert_eq!(err(b"~: 1\n").kind, ErrorKind::UnsupportedKey);
}

#[test]
fn nodes_stay_compact() {
    assert_eq!(std::mem::size_of::<crate::tree::Node>(), 16);
}

#[test]
fn common_texts_read_back_like_stored_ones() {
    let doc = one("kind: Pod\nname: rare-value\nprotocol: 'TCP'\n");
    let r = doc.root();
    assert_eq!(
        (r.get_str("kind"), r.get_str("name"), r.get_str("protocol")),
        (Some("Pod"), Some("rare-value"), Some("TCP"))
    );
    assert_eq!(r.get("protocol").unwrap().style(), Style::Quoted);
}

#[test]
fn go_yaml_answers_where_granit_disagrees() {
    // A quoted scalar's continuation indented no more than its key.
    let doc = one("spec:\n    message: 'it starts\n  and goes on'\n    next: 1\n");
    let spec = doc.root().get("spec").unwrap();
    assert_eq!(spec.get_str("message"), Some("it starts and goes on"));
    assert_eq!(spec.get_i64("next"), Some(1));
    // A flow plain scalar that ends in `:` before `]` is one string.
    let doc = one("addresses: [1.2.3.4, 001:db8::]\n");
    assert_eq!(
        doc.root().to_json().unwrap(),
        r#"{"addresses":["1.2.3.4","001:db8::"]}"#
    );
    // A line may start with a tab inside a quoted scalar or a flow collection only.
    assert_eq!(one("k: \"a\n\tb\"\n").root().get_str("k"), Some("a b"));
    assert_eq!(one("k: [a,\n\tb]\n").root().get("k").unwrap().len(), 2);
    assert_eq!(err(b"k: v\n\t# comment\n").kind, ErrorKind::Syntax);
    assert_eq!(err(b"k: 'v'\n\t\n").kind, ErrorKind::Syntax);
    assert_eq!(err(b"a:\n- \tx\n").kind, ErrorKind::Syntax);
    assert_eq!(one("k: |\n  - \tx\n").root().get_str("k"), Some("- \tx\n"));
    // Reading stops at the first document's end, whatever follows on its line.
    assert_eq!(one("a: 1\n...   b: 2\n").root().len(), 1);
    // `\/` is no escape, and no chunk starts with `...`.
    assert_eq!(err(b"a: \"x\\/y\"\n").kind, ErrorKind::Syntax);
    assert_eq!(err(b"# c\n...\n").kind, ErrorKind::Syntax);
}

#[test]
fn corrections_of_a_hostile_chunk_are_bounded() {
    // Every continuation line starts with a tab: each one costs the granit path a correction
    // round, and each round parses the whole chunk again.
    let mut text = String::from("data:\n  k: \"x\n");
    for i in 0..1_000 {
        text.push_str(&format!("\ty{i}\n"));
    }
    text.push_str("  \"\n");
    let error = err(text.as_bytes());
    assert_eq!(error.kind, ErrorKind::Syntax);
    assert!(error.message.contains("corrections"), "{}", error.message);
    // A few such lines are corrected as go-yaml reads them.
    let doc = one("data:\n  k: \"x\n\ty1\n\ty2\n  \"\n");
    assert_eq!(
        doc.root().get("data").unwrap().get_str("k"),
        Some("x y1 y2 ")
    );
}

#[test]
fn under_indented_continuations_of_a_quoted_scalar_are_corrected_together() {
    // 40 under-indented continuation lines in a chunk past 128 KiB, where the correction rounds
    // stop at 16: one round for them all, and the same tree as with the lines indented.
    let padding: String = (0..4_000)
        .map(|i| format!("  k{i}: {}\n", "v".repeat(30)))
        .collect();
    let continuations: String = (1..=40).map(|i| format!("\n line {i}")).collect();
    let text =
        format!("spec:\n  description: 'first{continuations}'\n  next: 1\npadding:\n{padding}");
    assert!(text.len() > 128 << 10);
    let doc = one(&text);
    let indented = one(&text.replace("\n line", "\n   line"));
    let spec = doc.root().get("spec").unwrap();
    let expected: String = (1..=40).map(|i| format!(" line {i}")).collect();
    assert_eq!(
        spec.get_str("description"),
        Some(format!("first{expected}").as_str())
    );
    assert_eq!(doc.root().to_json(), indented.root().to_json());
    let next = spec.entry("next").unwrap();
    assert_eq!(
        (next.0.position(), next.1.position()),
        (pos(43, 3), pos(43, 9))
    );
    assert_eq!(spec.get("description").unwrap().position(), pos(2, 16));
    // In a compact nested mapping the block is indented deeper than any line before it: lines
    // indented once are refused again, and the lines after them wait their turn.
    let doc = one("- - k: 'first\n a\n\n b\n c'\n  - x\n");
    let seq = doc.root().items().next().unwrap();
    assert_eq!(
        seq.items().next().unwrap().get_str("k"),
        Some("first a\nb c")
    );
    assert_eq!(seq.items().nth(1).unwrap().position(), pos(6, 5));
}
