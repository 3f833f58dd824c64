//! A deterministic generator of YAML streams full of the edge cases where YAML readers differ:
//! scalars of every style and spelling (YAML 1.1 booleans, octals, underscores, base 60,
//! timestamps, infinities, escapes, tags, `!!binary`), block scalars with every chomping and
//! indentation indicator, multi-line plain and quoted scalars, flow collections, anchors,
//! aliases, `<<` merges that collide with keys, duplicate keys, keys Kubernetes converts
//! (`y:`, `010:`, `1e3:`), document markers and comments after `---`, CRLF, byte-order marks,
//! deep nesting, Lists.

/// `count` streams, the same on every run.
pub fn cases(count: usize) -> Vec<String> {
    let mut generator = Gen {
        state: 0x6b75_6265_7761_7264,
        anchors: Vec::new(),
        next_anchor: 0,
    };
    (0..count).map(|_| generator.stream()).collect()
}

struct Gen {
    state: u64,
    /// Anchors defined so far in the current document: name and whether it holds a mapping.
    anchors: Vec<(String, bool)>,
    next_anchor: usize,
}

/// Plain scalars whose reading depends on the YAML version or on Go's number parsing.
const PLAIN: &[&str] = &[
    "y",
    "Y",
    "yes",
    "Yes",
    "YES",
    "n",
    "N",
    "no",
    "No",
    "NO",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "yEs",
    "tRUE",
    "oN",
    "~",
    "null",
    "Null",
    "NULL",
    "nULL",
    "0",
    "-0",
    "+1",
    "0755",
    "08",
    "0o17",
    "0O17",
    "0x1F",
    "0X1f",
    "-0x1F",
    "+0x1F",
    "0b101",
    "-0b101",
    "0B11",
    "1_000",
    "0x_1F",
    "1__0",
    "_1",
    "1_",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "+18446744073709551615",
    "18446744073709551616",
    "99999999999999999999",
    "1.5",
    "-1.5",
    ".5",
    "+.5",
    "-.5",
    "1.",
    "1e3",
    "1E3",
    "1e-7",
    "1.5e+21",
    "1e21",
    "1e400",
    "-1e400",
    "1e-400",
    ".inf",
    ".Inf",
    ".INF",
    "+.inf",
    "-.Inf",
    ".iNf",
    ".nan",
    ".NaN",
    ".NAN",
    "1_0.5",
    ".5_0",
    "._5",
    ".5e1_0",
    "0.1",
    "6.02e23",
    "1.0",
    "-0.0",
    "0.000001",
    "123456789012345678",
    "1:30",
    "190:20:30",
    "1:30.5",
    "-1:30",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10",
    "2024-13-45",
    "2024-1-2",
    "name",
    "a b",
    "a:b",
    "http://example.com/x?y=1#z",
    "-dash",
    "~x",
    "é",
    "日本語",
    "<tag> & co",
    "100%",
    "a,b",
    "key=value",
    "=",
    "<<",
    "0x",
    "0o",
    "1e",
    "e3",
    "+",
    "-x",
    "a'b",
    "a\"b",
    "3.14.15",
    "v1",
    "1Gi",
    "500m",
    "0.5",
];

/// Texts for quoted scalars (quoted, every one of them is a string). None holds a raw U+0085,
/// U+2028 or U+2029, line breaks for go-yaml only (docs/yaml-fidelity.md); `ESCAPES` writes them.
const TEXTS: &[&str] = &[
    "yes",
    "0755",
    "1:30",
    "",
    " lead",
    "trail ",
    "a: b",
    "# not a comment",
    "it's",
    "\"q\"",
    "back\\slash",
    "tab\there",
    "<&>",
    "é",
    "emoji 😀",
    "~",
    "null",
    "1e3",
];

/// Double-quoted escape sequences YAML defines.
const ESCAPES: &[&str] = &[
    "\\n",
    "\\t",
    "\\\"",
    "\\\\",
    "\\/",
    "\\x41",
    "\\u00e9",
    "\\U0001F600",
    "\\0",
    "\\a",
    "\\b",
    "\\e",
    "\\f",
    "\\r",
    "\\v",
    "\\N",
    "\\_",
    "\\L",
    "\\P",
    "\\ ",
    "\\u2028",
    "\\x7f",
];

/// Mapping keys as written, and the JSON key Kubernetes makes of each. Keys of one mapping must
/// differ there, and keys that meet there must have the same type (`y` and `on`, not `1e3` and
/// `1000`): go-yaml keeps `1e3` and `1000` apart, and converting them to JSON then keeps one of
/// them at random, where kubeward reports a duplicate key (docs/yaml-fidelity.md).
const KEYS: &[(&str, &str)] = &[
    ("name", "name"),
    ("image", "image"),
    ("privileged", "privileged"),
    ("runAsUser", "runAsUser"),
    ("value", "value"),
    ("a", "a"),
    ("b", "b"),
    ("'quoted key'", "quoted key"),
    ("\"dq\\tkey\"", "dq\tkey"),
    ("y", "true"),
    ("n", "false"),
    ("on", "true"),
    ("NO", "false"),
    ("'y'", "y"),
    ("010", "8"),
    ("1", "1"),
    ("-1", "-1"),
    ("0x10", "16"),
    ("1.5", "1.5"),
    ("1e3", "1000"),
    ("1e7", "1e+07"),
    ("0.00001", "1e-05"),
    ("123456789.0", "1.2345679e+08"),
    (".inf", ".inf"),
    ("-.INF", "-.inf"),
    ("2001-12-14", "2001-12-14"),
    ("1:30", "1:30"),
    ("é", "é"),
    ("'<<'", "<<"),
];

/// Keys of merged mappings, so that merges collide with each other and with written keys.
const MERGE_KEYS: &[&str] = &["name", "image", "privileged", "runAsUser", "value"];

impl Gen {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn stream(&mut self) -> String {
        let mut out = String::new();
        if self.chance(5) {
            out.push('\u{feff}');
        }
        let documents = 1 + self.below(3);
        for i in 0..documents {
            self.anchors.clear();
            if i > 0 || self.chance(20) {
                let markers = if self.chance(97) { 5 } else { 8 };
                let marker: &str = self.pick::<&str>(
                    &[
                        "---\n",
                        "--- # a comment after the marker\n",
                        "---#tight\n",
                        "---   \n",
                        "---\t\n",
                        "--- a\n",
                        "----\n",
                        "--- |\n",
                    ][..markers],
                );
                out.push_str(marker);
            }
            if self.chance(10) {
                out.push_str("# a comment line\n\n");
            }
            self.document(&mut out);
            if self.chance(5) {
                out.push_str("...\n");
            }
        }
        if self.chance(10) {
            out = out.replace('\n', "\r\n");
        }
        if self.chance(5) {
            // No line break at the very end.
            while out.ends_with('\n') {
                out.pop();
                if out.ends_with('\r') {
                    out.pop();
                }
            }
        }
        out
    }

    fn document(&mut self, out: &mut String) {
        match self.below(100) {
            0..=59 => self.mapping(0, out, 3),
            60..=69 => self.sequence(0, out, 3),
            70..=74 => {
                out.push_str("apiVersion: v1\nkind: List\nitems:\n");
                self.sequence(0, out, 2);
            }
            75..=79 => {
                let v = self.flow(3);
                out.push_str(&v);
                out.push('\n');
            }
            80..=84 => self.deep(out),
            85..=89 => {
                let v = self.scalar(0);
                out.push_str(v.trim_start());
                out.push('\n');
            }
            90..=94 => out.push_str("# only a comment\n"),
            _ => self.tricky(out),
        }
    }

    /// Hand-picked shapes around the reading differences.
    fn tricky(&mut self, out: &mut String) {
        let shapes = [
            "base: &base {name: a, runAsUser: 0}\nover:\n  <<: *base\n  runAsUser: 5\n",
            "base: &base {name: a}\nover:\n  name: b\n  <<: *base\n",
            "a: &a {p: 1}\nb: &b {p: 2, q: 2}\nc:\n  <<: [*a, *b]\n",
            "a: 1\na: 2\n",
            "x: *nowhere\n",
            "<<: {a: 1}\n",
            "m:\n  <<: [1, 2]\n",
            "m:\n  <<: ~\n",
            "? [a, b]\n: c\n",
            "~: null key\n",
            "message: 'first line\n  continued'\n",
            "spec:\n    message: 'it starts\n  and goes on'\n",
            "spec:\n  message: \"double\n quoted\"\n",
            "plain: multi\n  line\n\n  plain\n",
            "%YAML 1.1\n---\na: 1\n",
            "a: !!str 10\nb: !!int \"10\"\nc: !!float 1\nd: !!bool yes\ne: !!null ''\n",
            "a: !!int 1.5\n",
            "a: !!binary aGVsbG8gd29ybGQ=\nb: !!binary |\n  aGVs\n  bG8=\n",
            "a: !!binary 'not base64!'\n",
            "a: !custom 12\nb: !!map x\nc: !!timestamp 2001-12-14\n",
            "anchors: [&x 1, *x, &y {a: *x}, *y]\n",
            "a: &x\n  b: &y [1, 2]\nc: *y\n",
            "key: value # trailing comment\n# comment\nother: 'v' # c\n",
            "list:\n- a\n-\n- - b\n  - c\n- {}\n- []\n",
            "a:\n  - x\n  -   y\nb:\n- z\n",
            "flow: [a, b, ]\n",
            "flow: {a: 1, b: [2, {c: 3}], 'd': \"e\"}\n",
            "flow: [\n  a,\n  b\n]\n",
            "json: {\"a\": 1, \"b\": [true, null]}\n",
            "t: tab\there\n",
            "k: v\n\t# tab before comment\n",
            "k: 'v'\n\t\nj: 1\n",
            "k: v\n \t# tab after a space\n",
            "k: \"a\n\tb\"\n",
            "k: 'a\n\tb'\n",
            "k: [a,\n\tb]\n",
            "k: {a: 1,\n\tb: 2}\n",
            "k: |\n  a\n\tb\n",
            "k: a\n\tb\n",
            "\tk: v\n",
            "k:\n\t- a\n",
            "a:\n- \tx\n",
            "a:\n-\tx\n",
            "k: |\n  - \tx\n",
            "k: \"a\n- \tb\"\n",
            "a: 1\n...   b: 2\n",
            "metadata:\n  \tname: x\n",
            "k:\n \t# tab after a key\n  a: 1\n",
            "k: |\n    a\n    \tb\n",
            "a: 1\n... # end\nb: 2\n",
            "a:\tvalue\n",
        ];
        let shape: &str = self.pick::<&str>(&shapes);
        out.push_str(shape);
    }

    fn deep(&mut self, out: &mut String) {
        let depth = if self.chance(10) {
            250 + self.below(20)
        } else {
            10 + self.below(90)
        };
        if self.chance(50) {
            out.push_str(&"[".repeat(depth));
            out.push('x');
            out.push_str(&"]".repeat(depth));
            out.push('\n');
        } else {
            let depth = depth.min(120);
            for level in 0..depth {
                out.push_str(&" ".repeat(level * 2));
                if level % 3 == 2 {
                    out.push_str("- l:\n");
                    out.push_str(&" ".repeat(level * 2 + 2));
                    out.push_str("  m:\n");
                } else {
                    out.push_str(&format!("k{level}:\n"));
                }
            }
            out.push_str(&" ".repeat(depth * 2 + 4));
            out.push_str("leaf: 1\n");
        }
    }

    fn anchor(&mut self, mapping: bool) -> String {
        let name = format!("a{}", self.next_anchor);
        self.next_anchor += 1;
        self.anchors.push((name.clone(), mapping));
        format!("&{name} ")
    }

    fn alias(&mut self) -> Option<String> {
        (!self.anchors.is_empty()).then(|| {
            let (name, _) = self.pick(&self.anchors.clone()).clone();
            format!("*{name}")
        })
    }

    /// A block mapping at `indent`.
    fn mapping(&mut self, indent: usize, out: &mut String, depth: usize) {
        let pad = " ".repeat(indent);
        let mut used: Vec<(&str, &str)> = Vec::new();
        let entries = 1 + self.below(5);
        for _ in 0..entries {
            if self.chance(8) {
                let merge = self.merge_value();
                out.push_str(&format!("{pad}<<: {merge}\n"));
                continue;
            }
            let &(key, json_key) = self.pick(KEYS);
            if let Some(&(written, _)) = used.iter().find(|(_, j)| *j == json_key) {
                if self.chance(3) {
                    // A key written twice: an error in both readings.
                    out.push_str(&format!("{pad}{written}: dup\n"));
                }
                continue;
            }
            used.push((key, json_key));
            out.push_str(&pad);
            out.push_str(key);
            out.push(':');
            self.value(indent, out, depth);
        }
    }

    /// The value of a `<<` merge key.
    fn merge_value(&mut self) -> String {
        let mappings: Vec<String> = self
            .anchors
            .iter()
            .filter(|(_, m)| *m)
            .map(|(n, _)| format!("*{n}"))
            .collect();
        let inline = |g: &mut Gen| {
            let n = 1 + g.below(3);
            let entries: Vec<String> = (0..n)
                .map(|i| format!("{}: m{i}", g.pick(MERGE_KEYS)))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            format!("{{{}}}", entries.join(", "))
        };
        match (mappings.is_empty(), self.below(4)) {
            (false, 0) => self.pick(&mappings).clone(),
            (false, 1) => format!(
                "[{}, {}]",
                self.pick(&mappings).clone(),
                self.pick(&mappings).clone()
            ),
            (_, 2) => format!("[{}, {}]", inline(self), inline(self)),
            _ => inline(self),
        }
    }

    /// After `key:` (already written) of a mapping at `indent`: a value through its line end.
    fn value(&mut self, indent: usize, out: &mut String, depth: usize) {
        let choice = if depth == 0 {
            self.below(60)
        } else {
            self.below(100)
        };
        match choice {
            0..=44 => {
                let v = self.scalar(indent);
                out.push_str(&v);
                out.push('\n');
            }
            45..=49 => {
                let v = self.flow(2);
                out.push(' ');
                out.push_str(&v);
                out.push('\n');
            }
            50..=54 => match self.alias() {
                Some(alias) => out.push_str(&format!(" {alias}\n")),
                None => out.push_str(" ~\n"),
            },
            55..=59 => out.push('\n'),
            60..=79 => {
                if self.chance(30) {
                    let a = self.anchor(true);
                    out.push(' ');
                    out.push_str(a.trim_end());
                }
                out.push('\n');
                let inner = indent + 2 + 2 * self.below(2);
                self.mapping(inner, out, depth - 1);
            }
            _ => {
                if self.chance(20) {
                    let a = self.anchor(false);
                    out.push(' ');
                    out.push_str(a.trim_end());
                }
                out.push('\n');
                // A sequence may sit at its key's indentation.
                let inner = if self.chance(40) { indent } else { indent + 2 };
                self.sequence(inner, out, depth - 1);
            }
        }
    }

    fn sequence(&mut self, indent: usize, out: &mut String, depth: usize) {
        let pad = " ".repeat(indent);
        for _ in 0..1 + self.below(4) {
            out.push_str(&pad);
            out.push('-');
            if depth > 0 && self.chance(30) {
                // `- key: value` compact mapping.
                out.push(' ');
                let mut inner = String::new();
                self.mapping(indent + 2, &mut inner, depth - 1);
                out.push_str(&inner[indent + 2..]);
            } else {
                self.value(indent, out, depth.max(1));
            }
        }
    }

    /// A flow collection on one line, or over several.
    fn flow(&mut self, depth: usize) -> String {
        let items: Vec<String> = (0..self.below(4))
            .map(|_| {
                if depth > 0 && self.chance(25) {
                    self.flow(depth - 1)
                } else {
                    self.flow_scalar()
                }
            })
            .collect();
        let sep = if self.chance(10) { ",\n  " } else { ", " };
        if self.chance(50) {
            format!("[{}]", items.join(sep))
        } else {
            let entries: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, v)| format!("k{i}: {v}"))
                .collect();
            format!("{{{}}}", entries.join(sep))
        }
    }

    fn flow_scalar(&mut self) -> String {
        match self.below(3) {
            0 => {
                let p = *self.pick(PLAIN);
                if p.contains([',', '[', ']', '{', '}', '#', ':']) || p.is_empty() || p == "<<" {
                    "x".into()
                } else {
                    p.into()
                }
            }
            1 => format!("'{}'", self.pick(TEXTS).replace('\'', "''")),
            _ => self.double_quoted(),
        }
    }

    fn double_quoted(&mut self) -> String {
        let mut s = String::from("\"");
        for _ in 0..1 + self.below(3) {
            if self.chance(50) {
                let escape: &str = self.pick::<&str>(ESCAPES);
                s.push_str(escape);
            } else {
                s.push_str(&self.pick(TEXTS).replace('\\', "\\\\").replace('"', "\\\""));
            }
        }
        s.push('"');
        s
    }

    /// A scalar value after `key:` of a mapping at `indent`, with its leading space (block
    /// scalars end with their last line's break removed).
    fn scalar(&mut self, indent: usize) -> String {
        let anchor = if self.chance(5) {
            self.anchor(false)
        } else {
            String::new()
        };
        let body = match self.below(100) {
            0..=44 => {
                let p = *self.pick(PLAIN);
                if p.is_empty() {
                    "''".into()
                } else {
                    p.to_owned()
                }
            }
            45..=54 => format!("'{}'", self.pick(TEXTS).replace('\'', "''")),
            55..=64 => self.double_quoted(),
            65..=74 => self.tagged(),
            75..=89 => {
                let b = self.block(indent);
                return format!(" {anchor}{b}");
            }
            90..=94 => {
                // A plain scalar over several lines.
                let pad = " ".repeat(indent + 2);
                let blank = if self.chance(50) { "\n" } else { "" };
                format!("first words\n{pad}{blank}{pad}more words")
            }
            _ => {
                // A quoted scalar over several lines, its continuation sometimes indented no
                // more than its key (go-yaml accepts that).
                let pad = " ".repeat(if self.chance(30) { indent } else { indent + 2 });
                let quote = if self.chance(50) { '\'' } else { '"' };
                format!("{quote}first\n{pad}second\n\n{pad}third{quote}")
            }
        };
        format!(" {anchor}{body}")
    }

    fn tagged(&mut self) -> String {
        let tag = *self.pick(&[
            "!!str",
            "!!int",
            "!!float",
            "!!bool",
            "!!null",
            "!!binary",
            "!custom",
            "!",
            "!!timestamp",
        ]);
        let value = match tag {
            "!!binary" => {
                (*self.pick(&["aGVsbG8=", "'w6k='", "AAEC", "aGk", "8J+YgA=="])).to_owned()
            }
            _ if self.chance(30) => format!("\"{}\"", self.pick(PLAIN).replace('"', "")),
            _ => (*self.pick(PLAIN)).to_owned(),
        };
        format!("{tag} {value}")
    }

    /// A block scalar (header and lines) for a value of a mapping at `indent`, without its
    /// final line break.
    fn block(&mut self, indent: usize) -> String {
        let style = *self.pick(&["|", ">"]);
        let chomp = *self.pick(&["", "-", "+"]);
        let explicit = self.chance(15);
        let content = indent + 2;
        let mut s = String::from(style);
        if explicit {
            s.push('2');
        }
        s.push_str(chomp);
        if self.chance(20) {
            s.push_str(" # header comment");
        }
        let lines = [
            "plain line",
            "",
            "  more indented",
            "another: line",
            "# not a comment",
            "trailing spaces   ",
            "",
            "last",
        ];
        let first = if explicit && self.chance(50) { 2 } else { 0 };
        for line in &lines[first..first + 1 + self.below(lines.len() - first)] {
            s.push('\n');
            if !line.is_empty() {
                s.push_str(&" ".repeat(content));
                s.push_str(line);
            }
        }
        for _ in 0..self.below(3) {
            s.push('\n');
        }
        s
    }
}
