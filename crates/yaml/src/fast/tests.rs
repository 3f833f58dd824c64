//! Differential tests: wherever the fast path takes a chunk, its tree must equal the granit
//! path's, node by node (kind, style, boolean value, text, position, children).

use proptest::prelude::*;

use crate::build::Limits;
use crate::granit::parse_with_granit;
use crate::tree::{Document, NodeRef};
use crate::{fast, split_documents};

/// Compares two subtrees, describing the first difference.
fn same_node(a: NodeRef<'_>, b: NodeRef<'_>, path: &str) -> Result<(), String> {
    let describe = |n: NodeRef<'_>| {
        format!(
            "{:?} {:?} {:?} {:?} {:?} len {}",
            n.kind(),
            n.style(),
            n.position(),
            n.text(),
            n.as_bool(),
            n.len()
        )
    };
    if describe(a) != describe(b) {
        return Err(format!(
            "at {path}: fast {} / granit {}",
            describe(a),
            describe(b)
        ));
    }
    for (i, (x, y)) in a.items().zip(b.items()).enumerate() {
        same_node(x, y, &format!("{path}[{i}]"))?;
    }
    for ((kx, vx), (ky, vy)) in a.entries().zip(b.entries()) {
        let key = kx.text().unwrap_or_default();
        same_node(kx, ky, &format!("{path}.{key}(key)"))?;
        same_node(vx, vy, &format!("{path}.{key}"))?;
    }
    Ok(())
}

fn same_doc(a: &Option<Document>, b: &Option<Document>) -> Result<(), String> {
    match (a, b) {
        (None, None) => Ok(()),
        (Some(a), Some(b)) if a.traps() != b.traps() => Err(format!(
            "traps: fast {:?} / granit {:?}",
            a.traps(),
            b.traps()
        )),
        (Some(a), Some(b)) => same_node(a.root(), b.root(), "$"),
        _ => Err(format!(
            "fast {:?} / granit {:?}",
            a.as_ref().map(|d| d.root()),
            b.as_ref().map(|d| d.root())
        )),
    }
}

/// Runs both paths on one chunk. `Ok(true)`: the fast path took it and agrees; `Ok(false)`: it
/// bailed; `Err`: it took it and disagrees (or took a chunk granit rejects).
fn check_chunk(text: &str, first_line: u32, limits: &Limits) -> Result<bool, String> {
    let Some(fast) = fast::parse(text, first_line, limits) else {
        return Ok(false);
    };
    match parse_with_granit(text, first_line, limits) {
        Ok(granit) => same_doc(&fast, &granit).map(|()| true),
        Err(e) => Err(format!("fast path accepted a chunk granit rejects: {e}")),
    }
}

/// Checks every chunk of a stream; returns (chunks, chunks taken by the fast path).
fn check_stream(bytes: &[u8], limits: &Limits) -> Result<(usize, usize), String> {
    let (mut total, mut fast) = (0, 0);
    for chunk in split_documents(bytes) {
        let Ok(text) = std::str::from_utf8(chunk.bytes) else {
            continue;
        };
        total += 1;
        if check_chunk(text, chunk.first_line, limits)
            .map_err(|e| format!("chunk at line {}: {e}\n{text}", chunk.first_line))?
        {
            fast += 1;
        }
    }
    Ok((total, fast))
}

fn assert_agrees(src: &str) -> bool {
    match check_chunk(src, 1, &Limits::default()) {
        Ok(taken) => taken,
        Err(e) => panic!("{src:?}: {e}"),
    }
}

/// Every manifest of the real corpus, as is and with `\r\n` line breaks.
#[test]
fn real_corpus_agrees() {
    let root = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/real"
    ));
    if !root.is_dir() {
        eprintln!("real corpus not found at {}; skipped", root.display());
        return;
    }
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    let limits = Limits::default();
    let (mut total, mut fast, mut bytes_total, mut bytes_fast) = (0, 0, 0usize, 0usize);
    let mut crlf_total = 0;
    let mut crlf_fast = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let (t, f) =
            check_stream(&bytes, &limits).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        total += t;
        fast += f;
        for chunk in split_documents(&bytes) {
            bytes_total += chunk.bytes.len();
            if let Ok(text) = std::str::from_utf8(chunk.bytes)
                && fast::parse(text, chunk.first_line, &limits).is_some()
            {
                bytes_fast += chunk.bytes.len();
            }
        }
        if !bytes.contains(&b'\r') {
            let crlf = String::from_utf8_lossy(&bytes).replace('\n', "\r\n");
            let (t, f) = check_stream(crlf.as_bytes(), &limits)
                .unwrap_or_else(|e| panic!("{} (CRLF): {e}", path.display()));
            crlf_total += t;
            crlf_fast += f;
        }
    }
    println!(
        "real corpus: {} files, {total} chunks, fast path took {fast} ({:.1}%), {:.1}% of bytes; \
         CRLF copies: {crlf_fast}/{crlf_total}",
        files.len(),
        100.0 * fast as f64 / total.max(1) as f64,
        100.0 * bytes_fast as f64 / bytes_total.max(1) as f64,
    );
    assert!(
        fast * 10 >= total * 9,
        "fast path took only {fast} of {total} chunks"
    );
}

/// Hand-written cases around the YAML rules the fast path reproduces. `true`: the fast path must
/// take the case (and agree); `false`: it may bail.
const CASES: &[(&str, bool)] = &[
    (
        "a: 1\nb: two # comment\n# full line\nc: 'x' # c\nd: \"y\"   # c\n",
        true,
    ),
    ("key: \"a # not comment\"\nk2: 'b # neither'\n", true),
    ("key: a#b\nk: a #b\nk3: a  #  b  \n", true),
    ("url: http://x:80/\ntime: 12:30\nratio: a:b:c\n", true),
    // Long plain scalars, scanned a word at a time: `:` and `#` at and around word boundaries.
    (
        "abcdefgh: 1\nabcdefghijklmnop: abcdefg#hijklmnopq\nabcdefghijklmnopq:r: s\n",
        true,
    ),
    (
        "k: abcdefghijklmno #c\nl: abcdefgh:ijklmnop:q\nm: http://abcdefgh.example:8080/x\n",
        true,
    ),
    (
        "abcdefghijklmnopqrstuvwxyz:\n  - abcdefghijklmnopq # c\n",
        true,
    ),
    // Long quoted scalars, scanned a word at a time: quotes and escapes at and around word
    // boundaries, and at the very end of the chunk.
    (
        "k: \"abcdefg\\\"hijklmno\\\\pqrstuvw\\nx\"\nl: 'abcdefg''hijklmnop''q' # c\n",
        true,
    ),
    ("k: 'abcdefghijklmno'\nl: \"abcdefghijklmnop\"", true),
    ("k: 'abcdefghijklmno''", false),
    ("k: \"abcdefghijklmno\\", false),
    ("k: \"abcdefghijklmnopq\nl: 1\n", false),
    ("k: abcdefghijklmnopq", true),
    // Long runs of spaces, skipped a word at a time.
    (
        "a:                 # c\n  b:        1         \n  c:\n                 - x\n",
        true,
    ),
    (
        "a:\n        b:\n                c: 1\n        d:        2\n",
        true,
    ),
    ("- - nested\n  - more\n- - - deep\n", true),
    ("key:\nother: ''\nthird: \"\"\nlast:", true),
    ("key:   \nk2:  # c\nk3 :\n", true),
    ("a: |\n  x\n  y\n\n\nb: 1\n", true),
    ("a: |-\n  x\n\n\nb: 1\n", true),
    ("a: |+\n  x\n\n\nb: 1\n", true),
    ("a: >\n  x\n  y\n\n  z\n\n\nb: 1\n", true),
    ("a: >-\n  x\n  y\n\n  z\n\n", true),
    ("a: >+\n  x\n  y\n\n  z\n\n", true),
    ("a: >\n  x\n    more\n  y\n\n    more2\n\n  z\n", true),
    ("a: |\n\n\n  after blanks\n", true),
    ("a: |\n   \n  x\n", false),
    ("a: |\n  \n    x\n", true),
    ("a: |\n  x\n     \n", true),
    ("a: >\n  x\n     \n  y\n", false),
    ("a: |\n  x\n     \n  y\n", true),
    ("a: |\n    deep\n  shallow\n", false),
    ("a: |\n  # not a comment\n  x\n # a comment\nb: 1\n", true),
    ("a: |  # header comment\n  x\n", true),
    ("a: |2\n   x\n", false),
    ("a: |\n", false),
    ("a: |\nb: 1\n", false),
    ("a: |\n  x", false),
    ("key with spaces: v\n\"quoted key\": 1\n'single': 2\n", true),
    ("- |\n  block in item\n- >-\n  folded\n  item\n- x\n", true),
    (
        "a:\n  b:\n    c:\n      d:\n        - e\n        - f:\n            g: h\n",
        true,
    ),
    ("a: x   \nb: 'y'   \nc:    z\n", true),
    ("a: 1\n    \n  \nb: 2\n", true),
    (
        "a: 1\r\nb:\r\n  - x\r\n  -\r\n  - y: |\r\n      z\r\n\r\n",
        true,
    ),
    ("a: 1\rb: 2\n", false),
    ("key:\n- a\n- b\nnext: 1\n", true),
    ("key:\n-\n- b\n", true),
    ("key:\n-   # c\n  - x\n", true),
    ("key:\n- |\n  x\n", true),
    ("key:\n-\n  a: 1\n  b: 2\n", true),
    ("- a: 1\n  b:\n  - x\n  c: 2\n", true),
    (
        "- name: x\n  image: y\n-   name: z\n    args: [\"-c\", 'x', plain, -1]\n",
        true,
    ),
    (
        "res: {cpu: 100m, \"memory\": 1Gi}\nempty: {}\nlist: []\nsp: [ ]\n",
        true,
    ),
    ("json: {\"a\":1, \"b\": \"x\"}\n", true),
    ("a: [x, [y]]\n", false),
    ("a: [x,\n  y]\n", false),
    ("a: [x, ]\n", false),
    ("a: {x: }\n", false),
    ("a: [a: b]\n", false),
    ("a: [http://x]\n", false),
    ("esc: \"a\\\\b\\\"c\\nd\\tef\"\nsq: 'it''s'\n", true),
    ("esc: \"e\\/f\"\n", false),
    ("esc: \"\\u00e9\"\n", false),
    ("multi: \"a\n  b\"\n", true),
    // Multi-line double-quoted scalars, escaped line breaks included.
    ("a: \"one   \n     two  \n\n\n   three \"\nb: 1\n", true),
    ("a: \"x\\\n  y\"\n", true),
    ("a: \"x  \\\n\n   \n  y\\n\\t\\\\ \\\"z\\\"\"\n", true),
    ("a: \"x\\\\\n  y\"\n", true),
    ("a: \"x\\\n  \"\n", true),
    ("a: \"x\n  # no comment\n  'y'\" # comment\n", true),
    ("- \"x\n  y\"\n- k: \"z\n    w\"\n", true),
    ("a: \"x\n  \\u00e9\"\n", false),
    ("a: \"x\n  \\/\"\n", false),
    ("a: \"x\\ \n  y\"\n", true),
    (
        "a: \"x\n  \\ - y\n  \\   z \\ \"\nb: \"\\ one \\ \"\n",
        true,
    ),
    ("a: \"x\ny\"\n", false),
    ("a: \"x\\\ny\"\n", false),
    ("a: \"x\\\n\"\n", false),
    ("a: \"x\n  y\": z\n", false),
    ("\"x\n  y\": z\n", false),
    ("a: \"x\n  y\"z\n", false),
    ("a: \"x\\", false),
    ("a: \"x\n---\n  y\"\n", false),
    ("multi: 'a\n  b'\n", true),
    // Multi-line single-quoted scalars, folded as go-yaml folds them.
    (
        "d: 'Refresh indicates (default:\n  false)'\nnext: 1\n",
        true,
    ),
    ("a: 'one   \n     two  \n\n\n   three '\nb: 1\n", true),
    ("a: 'it''s\n  ''quoted'''\n", true),
    ("a: 'x''\n  ''y'\n", true),
    ("a: 'x\n  '\n", true),
    ("a: '\n  x\n\n  '\n", true),
    ("a: '\n  x\n\n'\n", false),
    ("a: '   \n  \n  x'\n", true),
    (
        "a: 'x\n   \n  # not a comment\n  y' # a comment\nb: 2\n",
        true,
    ),
    ("a: 'x\n  y'   \n", true),
    ("- 'x\n  y'\n- 'z\n\n  w'\n", true),
    ("- k: 'x\n    y'\n  j: 1\n", true),
    ("k:\n- 'x\n  y'\n", true),
    ("a:\n  b: 'x\n   y: z'\n  c: 1\n", true),
    ("a: 'é\n  ü'\nb: 'ä'\n", true),
    ("a: 'x\n  y'z\n", false),
    ("a: 'x\n  y'#c\n", false),
    ("a: 'x\n  y': z\n", false),
    ("'x\n  y': z\n", false),
    ("- 'x\n  y': z\n", false),
    ("a: 'x\ny'\n", false),
    ("a:\n  b: 'x\n  y'\n", false),
    ("a:\n  b: 'x\n'\n", false),
    ("- 'x\ny'\n", false),
    ("a: 'x\n---\n  y'\n", false),
    ("a: 'x\n...\n  y'\n", false),
    ("a: 'x\n  y\n", false),
    ("a: 'x\n  y", false),
    ("a: 'x\n\ty'\n", false),
    ("a: 'x\n  \ty'\n", false),
    ("a: 'x\r  y'\n", false),
    ("plain: a\n  b\n", true),
    ("- a\n  b\n", true),
    ("a: one\n  two  \n\n     three # c\nb: 1\n", true),
    ("a: one\n\n\n  two\n\n", true),
    ("a: one\n  # c\n  two\n", false),
    ("a: one\n  two: x\n", false),
    ("a: one\n  - two\n", false),
    // Indicators may start a plain scalar's continuation line, not its first.
    (
        "a: test -f x &&\n  && y ||\n  || z\n  \"q\" [b] {c} `d`\n  --e 'f' &g *h !i\nb: 1\n",
        true,
    ),
    (
        "- x\n  |j >k %l @m\n  ,n ]o }p -q ?r :s\n\n  'u' # c\n- y\n",
        true,
    ),
    ("a: one\n  ? two\n", false),
    ("a: one\n  : two\n", false),
    ("a: one\n  -\n", false),
    ("a: one\n  [x]: y\n", false),
    ("a: one\n  \"x\": y\n", false),
    ("- k: one\n    two\n  j: 1\n", true),
    ("- k: one\n  two\n", false),
    ("k:\n- one\n  two\n", true),
    ("a: 'one'\n  two\n", false),
    ("anchor: &a x\nalias: *a\n", false),
    ("tag: !!str 1\n", false),
    ("base: {a: 1}\nm:\n  <<: {b: 2}\n", false),
    ("? a\n: b\n", false),
    ("a:\tb\n", false),
    ("%YAML 1.2\n---\na: 1\n", false),
    ("a: 1\n--- b\n", false),
    ("a: 1\n...\n", false),
    ("\u{feff}a: 1\n", false),
    ("é: ü\nx: ä\nclé: 'été'\n", true),
    ("y: 1\nno: 2\n010: 3\n1.5: x\n", true),
    ("a: 1\nb: 2\na: 3\n", false),
    ("~: 1\n", false),
    ("just a scalar\n", false),
    ("", true),
    ("# only a comment\n\n", true),
    ("a: b: c\n", false),
    ("a: - b\n", false),
    ("a: 1\n- b\n", false),
    ("- a\nb: 1\n", false),
    ("a:\n  b: 1\n c: 2\n", false),
    ("a: 'x'y\n", false),
    ("a: \"x\"#c\n", false),
    ("  indented: root\n  more: x\n", true),
    ("a: -\n", false),
    ("a: -x\nb: --y\nc: - \n", false),
    ("a: -x\nb: --y\n", true),
    (
        "a: yes\nb: off\nc: 0755\nd: 1_000\ne: ~\nf: null\ng: 1e3\nh: .inf\ni: 0x1F\n",
        true,
    ),
    ("a: :x\n", false),
    ("a: @x\n", false),
    ("a: `x\n", false),
    ("a: ,x\n", false),
    ("a:x\n", false),
    ("a: x\n\u{85}b: 2\n", false),
    ("a: x\u{2028}y\n", false),
];

#[test]
fn tricky_cases_agree() {
    for &(src, must_take) in CASES {
        let taken = assert_agrees(src);
        assert!(taken || !must_take, "fast path bailed on {src:?}");
        // The same case with `\r\n` line breaks, and at a later stream line.
        let crlf = src.replace('\n', "\r\n");
        assert_agrees(&crlf);
        check_chunk(src, 7, &Limits::default()).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    }
}

#[test]
fn duplicate_keys_fall_back_to_granit_errors() {
    let docs = crate::parse_stream(b"a: 1\nb: 2\na: 3\n", &Limits::default());
    let e = docs[0].as_ref().unwrap_err();
    assert_eq!(e.kind, crate::ErrorKind::DuplicateKey);
    assert_eq!((e.position.line, e.position.column), (3, 1));
}

#[test]
fn depth_limit_falls_back() {
    let limits = Limits {
        max_depth: 4,
        ..Limits::default()
    };
    let deep = "a:\n  b:\n    c:\n      d:\n        e: 1\n";
    assert!(fast::parse(deep, 1, &limits).is_none());
    assert!(crate::parse_document(deep.as_bytes(), 1, &limits).is_err());
}

// ----- generated documents -----

/// A scalar as it may be written in a value position, subset and near-subset.
fn scalar_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z0-9.-]{0,8}",
        2 => prop::sample::select(vec![
            "yes", "no", "on", "off", "true", "null", "~", "0755", "1_000", "12:30", "1e3",
            "-1", ".5", "0x1F", "y", "n", "-", "--x", "a#b", "a #b", "http://x:80/", "a: b",
            "", "é", "a b  c", "<<", "?x", ":x", "&a x", "*a", "!t x", "@x", "%x", "x:",
            "one\ntwo", "a\n\nb c  \n d", "x\n- y", "x\n#c", "x\ny: z", "x # c\ny",
            "'q\nr'", "x\n  \ny #c", "x &&\n&& y", "x\n\"q\" [b]", "x\n--y\n`z`", "x\n'y'",
            "x\n? y", "x\n: y", "x\n{a}: b", "x\n&a *b !c", "x\n|y\n>z", "x\n-",
        ]).prop_map(str::to_owned),
        2 => "'[a-z #:'\"\\\\-]{0,6}'",
        2 => "\"[a-z #:'\\\\-]{0,6}\"",
        // Single-quoted scalars wrapped over lines: trailing and leading spaces, empty and
        // spaces-only lines, `''`, a stray quote ending one early.
        2 => "'[a-z #:-]{0,5}( {0,2}\n( {0,3}\n)?[a-z #:-]{0,4}('')?[a-z ]{0,3}){1,3}'",
        1 => "'[a-z]{1,3}\n[a-z ']{0,4}\n {0,2}'",
        2 => "\"[a-z #:'-]{0,5}( {0,2}(\\\\[nt\\\\\"u ]?)?\n( {0,3}\n)?[a-z #:'-]{0,4}[a-z ]{0,3}){1,3}\"",
        1 => "\"(\\\\[nt\\\\/\"u0 ])?[a-z]{0,3}\"",
        1 => "[a-z]{1,3} {0,2}#[a-z ]{0,4}",
        1 => prop::sample::select(vec![
            "[a, 'b', \"c\"]", "[]", "{}", "{a: 1, \"b\": c}", "[ x ]", "[a, [b]]", "[a,]",
            "{a: }", "[\"-c\", x]", "{\"k\":\"v\"}",
        ]).prop_map(str::to_owned),
    ]
}

fn key_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z][a-zA-Z0-9_.-]{0,6}",
        1 => prop::sample::select(vec![
            "a b", "'q'", "\"d\"", "y", "010", "<<", "~", "1.5", "k ", "-k", "é", "'q\nr'",
        ]).prop_map(str::to_owned),
    ]
}

#[derive(Debug, Clone)]
enum Gen {
    Scalar(String),
    Block(String, String),
    Map(Vec<(String, Gen)>),
    Seq(Vec<Gen>),
}

fn block_body() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => "[a-z]{1,5}( [a-z]{1,4})?", 1 => Just(String::new()),
                    1 => " {1,3}[a-z]{1,3}", 1 => Just("#x".to_owned()),
                    1 => Just("   ".to_owned())],
        1..5,
    )
    .prop_map(|lines| lines.join("\n"))
}

fn gen_node() -> impl Strategy<Value = Gen> {
    let leaf = prop_oneof![
        5 => scalar_text().prop_map(Gen::Scalar),
        1 => (prop::sample::select(vec!["|", "|-", "|+", ">", ">-", ">+", "|2", "| # c"]),
              block_body())
            .prop_map(|(h, b)| Gen::Block(h.to_owned(), b)),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec((key_text(), inner.clone()), 1..4).prop_map(Gen::Map),
            prop::collection::vec(inner, 1..4).prop_map(Gen::Seq),
        ]
    })
}

/// Layout choices the generator applies while writing a tree out.
#[derive(Debug, Clone)]
struct Style {
    step: usize,
    indentless: bool,
    noise: Vec<u8>,
}

fn write(node: &Gen, indent: usize, style: &Style, out: &mut String, noise: &mut usize) {
    let next_noise = |noise: &mut usize| {
        *noise += 1;
        style
            .noise
            .get(*noise % style.noise.len().max(1))
            .copied()
            .unwrap_or(0)
    };
    let pad = " ".repeat(indent);
    match node {
        Gen::Scalar(_) | Gen::Block(..) => unreachable!("written by the parent"),
        Gen::Map(entries) => {
            for (k, v) in entries {
                match next_noise(noise) {
                    1 => out.push_str(&format!("{pad}# comment\n")),
                    2 => out.push_str("\n   \n"),
                    3 => out.push_str(&format!("{pad} # odd comment\n")),
                    _ => {}
                }
                out.push_str(&format!("{pad}{k}:"));
                write_value(v, indent, style, out, noise, false);
            }
        }
        Gen::Seq(items) => {
            for v in items {
                out.push_str(&format!("{pad}-"));
                write_value(v, indent, style, out, noise, true);
            }
        }
    }
}

fn write_value(
    v: &Gen,
    indent: usize,
    style: &Style,
    out: &mut String,
    noise: &mut usize,
    item: bool,
) {
    match v {
        Gen::Scalar(s) => {
            if s.is_empty() {
                out.push('\n');
            } else {
                // Lines after the first are continuation lines, indented one step deeper.
                let pad = " ".repeat(indent + style.step);
                let mut lines = s.split('\n');
                out.push_str(&format!(" {}\n", lines.next().unwrap_or_default()));
                for l in lines {
                    if !l.is_empty() {
                        out.push_str(&pad);
                    }
                    out.push_str(l);
                    out.push('\n');
                }
            }
        }
        Gen::Block(h, body) => {
            out.push_str(&format!(" {h}\n"));
            let pad = " ".repeat(indent + style.step);
            for l in body.lines() {
                if l.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(&format!("{pad}{l}\n"));
                }
            }
            if body.ends_with('\n') || body.is_empty() {
                out.push('\n');
            }
        }
        Gen::Map(_) if item && noise.is_multiple_of(2) => {
            // Compact `- key: value`: the mapping sits at the column after the dash.
            let mut inner = String::new();
            write(v, indent + 2, style, &mut inner, noise);
            out.push(' ');
            out.push_str(inner.trim_start_matches(' '));
        }
        Gen::Seq(_) if !item && style.indentless => {
            out.push('\n');
            write(v, indent, style, out, noise);
        }
        _ => {
            out.push('\n');
            write(v, indent + style.step, style, out, noise);
        }
    }
}

fn gen_doc() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            prop::collection::vec((key_text(), gen_node()), 1..5).prop_map(Gen::Map),
            prop::collection::vec(gen_node(), 1..4).prop_map(Gen::Seq),
        ],
        1usize..4,
        any::<bool>(),
        prop::collection::vec(0u8..8, 0..6),
        any::<bool>(),
    )
        .prop_map(|(root, step, indentless, noise, crlf)| {
            let mut out = String::new();
            let mut counter = 0;
            write(
                &root,
                0,
                &Style {
                    step,
                    indentless,
                    noise,
                },
                &mut out,
                &mut counter,
            );
            if crlf { out.replace('\n', "\r\n") } else { out }
        })
}

/// The generator must mostly produce documents the fast path takes, or the differential test
/// proves little.
#[test]
fn generated_documents_are_mostly_taken() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = gen_doc();
    let (mut taken, total) = (0, 2000);
    for _ in 0..total {
        let doc = strategy.new_tree(&mut runner).unwrap().current();
        if check_chunk(&doc, 1, &Limits::default()).unwrap_or_else(|e| panic!("{doc:?}: {e}")) {
            taken += 1;
        }
    }
    println!("generated documents: fast path took {taken} of {total}");
    assert!(
        taken * 4 >= total,
        "only {taken} of {total} generated documents taken"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_agree(doc in gen_doc()) {
        check_chunk(&doc, 1, &Limits::default()).map_err(|e| TestCaseError::fail(format!("{doc:?}: {e}")))?;
    }

    /// Near-subset noise: a generated document with one byte changed, inserted or removed.
    #[test]
    fn mutated_documents_agree(doc in gen_doc(), at in any::<prop::sample::Index>(),
                               byte in prop::sample::select(b" \t\r\n:-#'\"|>[]{},&*!?%@`ab1\\".to_vec()),
                               op in 0u8..3) {
        let mut bytes = doc.into_bytes();
        if !bytes.is_empty() {
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        if let Ok(text) = String::from_utf8(bytes) {
            check_chunk(&text, 1, &Limits::default()).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        }
    }
}

/// Parse speed on the synthetic benchmark corpus (`target/bench-corpus`), one thread, both paths:
/// `cargo test --release -p kubeward-yaml parse_speed -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check; run in release mode"]
fn parse_speed() {
    let root = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/bench-corpus"
    ));
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                files.push(std::fs::read(&path).unwrap());
            }
        }
    }
    let chunks: Vec<(&str, u32)> = files
        .iter()
        .flat_map(|f| split_documents(f))
        .map(|c| (std::str::from_utf8(c.bytes).unwrap(), c.first_line))
        .collect();
    let bytes: usize = chunks.iter().map(|c| c.0.len()).sum();
    let limits = Limits::default();
    let taken = chunks
        .iter()
        .filter(|c| fast::parse(c.0, c.1, &limits).is_some())
        .count();
    let bytes_taken: usize = chunks
        .iter()
        .filter(|c| fast::parse(c.0, c.1, &limits).is_some())
        .map(|c| c.0.len())
        .sum();
    println!(
        "{} files, {} chunks, {:.1} MB; fast path takes {taken} chunks ({:.1}% of bytes)",
        files.len(),
        chunks.len(),
        bytes as f64 / 1e6,
        100.0 * bytes_taken as f64 / bytes as f64
    );
    let time = |f: &dyn Fn(&str, u32) -> usize| {
        (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                let n: usize = chunks.iter().map(|c| f(c.0, c.1)).sum();
                std::hint::black_box(n);
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let count = |r: Result<Option<Document>, crate::DocumentError>| {
        r.ok().flatten().map_or(0, |d| d.root().len())
    };
    let granit = time(&|t, l| count(parse_with_granit(t, l, &limits)));
    let fast = time(&|t, l| count(crate::parse_document(t.as_bytes(), l, &limits)));
    let mb = bytes as f64 / 1e6;
    println!(
        "granit path: {:.1} MB/s; parse_document with fast path: {:.1} MB/s ({:.2}x) (best of 5)",
        mb / granit,
        mb / fast,
        granit / fast
    );
}

#[test]
fn first_byte_not_printable_ascii_is_found() {
    let first_marked = |bytes: [u8; 8]| {
        let marks = super::not_printable_ascii(u64::from_le_bytes(bytes));
        (marks != 0).then(|| marks.trailing_zeros() / 8)
    };
    for bad in (0u8..0x20).chain(0x7f..=0xff) {
        for filler in [b' ', b'a', b'~'] {
            let mut bytes = [filler; 8];
            for at in (0..8).rev() {
                // Bad bytes at `at` and above it: the lowest marked byte is `at`.
                bytes[at] = bad;
                assert_eq!(
                    first_marked(bytes),
                    Some(at as u32),
                    "{bad:#x} at {at} among {filler:#x}"
                );
            }
        }
        let mut mixed = *b" ~name: ";
        mixed[5] = bad;
        mixed[7] = 0xff - bad;
        assert_eq!(first_marked(mixed), Some(5), "{bad:#x}");
    }
    for good in 0x20u8..0x7f {
        assert_eq!(first_marked([good; 8]), None);
    }
    assert_eq!(first_marked(*b" ~name: "), None);
}

#[test]
fn first_equal_byte_of_a_word_is_found() {
    for wanted in [b':', b'#', 0, 0x80, 0xff] {
        for filler in [
            0u8,
            1,
            b' ',
            wanted ^ 1,
            wanted.wrapping_add(1),
            0x7f,
            0x80,
            0xff,
        ] {
            let mut bytes = [filler; 8];
            let none = super::bytes_equal(u64::from_le_bytes(bytes), wanted);
            assert_eq!(none != 0, filler == wanted);
            if filler == wanted {
                continue;
            }
            for at in (0..8).rev() {
                // Matches at `at` and maybe above it: the lowest marked byte is `at`.
                bytes[at] = wanted;
                let found = super::bytes_equal(u64::from_le_bytes(bytes), wanted);
                assert_eq!(found.trailing_zeros() / 8, at as u32, "{bytes:?}");
            }
        }
    }
}
