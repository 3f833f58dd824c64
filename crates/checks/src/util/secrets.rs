//! Helpers for checks about service accounts, secrets and credential patterns.
//!
//! The credential detectors only ever say which *kind* of credential they saw, never where in
//! the value or what it was: findings must not carry secret data.

use std::collections::HashMap;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use kubeward_core::{Object, workload};
use kubeward_yaml::{Kind, NodeRef};

use crate::util::general::quoted;
use crate::{Context, Inventory};

/// How far a credential-looking name is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Names {
    /// A literal value under a password/secret/token name is a credential (env vars, config
    /// keys).
    Trusted,
    /// Names only count with a random-looking value (annotations, which often name Secrets).
    WithEntropy,
}

/// Name words that mean the value is a credential.
const STRONG_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "CREDENTIAL",
    "CREDENTIALS",
];

/// Adjacent word pairs that mean the value is a credential.
const STRONG_PAIRS: &[(&str, &str)] = &[
    ("API", "KEY"),
    ("ACCESS", "KEY"),
    ("PRIVATE", "KEY"),
    ("SECRET", "KEY"),
    ("AUTH", "KEY"),
    ("SIGNING", "KEY"),
    ("ENCRYPTION", "KEY"),
    ("CLIENT", "SECRET"),
];

/// Name words that make a random-looking value a likely credential.
const WEAK_WORDS: &[&str] = &[
    "KEY",
    "PWD",
    "PASS",
    "AUTH",
    "SALT",
    "COOKIE",
    "SESSION",
    "SIGNATURE",
    "HMAC",
];

/// Last name words that say the value is about a credential, not the credential: a file, a
/// name, a setting.
const NOT_A_VALUE: &[&str] = &[
    "FILE",
    "PATH",
    "DIR",
    "NAME",
    "REF",
    "ID",
    "URL",
    "URI",
    "ENDPOINT",
    "HOST",
    "PORT",
    "HEADER",
    "TYPE",
    "MODE",
    "POLICY",
    "LENGTH",
    "LEN",
    "SIZE",
    "TTL",
    "EXPIRY",
    "EXPIRATION",
    "EXPIRES",
    "TIMEOUT",
    "DURATION",
    "ENABLED",
    "ENABLE",
    "DISABLED",
    "REQUIRED",
    "ISSUER",
    "AUDIENCE",
    "SCOPE",
    "SCOPES",
    "ALGORITHM",
    "FORMAT",
    "PREFIX",
    "SUFFIX",
    "FIELD",
    "PARAM",
    "VERSION",
    "COUNT",
    "LIMIT",
    "MIN",
    "MAX",
    "ROTATION",
    "REGION",
    "USER",
    "USERNAME",
    "LOGIN",
    "EMAIL",
    "KEYS",
    "MOUNT",
    "SOURCE",
    "STORE",
    "VAULT",
    "PROVIDER",
];

/// The length of the longest of [`PLACEHOLDERS`].
const LONGEST_PLACEHOLDER: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < PLACEHOLDERS.len() {
        if PLACEHOLDERS[i].len() > longest {
            longest = PLACEHOLDERS[i].len();
        }
        i += 1;
    }
    longest
};

/// Values that only stand in for a credential.
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "replaceme",
    "replace-me",
    "replace_me",
    "placeholder",
    "password",
    "secret",
    "token",
    "example",
    "dummy",
    "redacted",
    "todo",
    "tbd",
    "none",
    "null",
    "nil",
    "empty",
    "undefined",
    "notset",
    "not-set",
    "unset",
    "disabled",
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
];

/// What a byte of a name is to [`words`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum NameByte {
    /// Not part of a word.
    Separator,
    /// An upper-case ASCII letter.
    Upper,
    /// A lower-case ASCII letter or a digit.
    LowerOrDigit,
}

/// The [`NameByte`] of each byte: every env var and setting name is split into words, and one
/// table load a byte is cheaper than the range tests.
static NAME_BYTES: [NameByte; 256] = {
    let mut table = [NameByte::Separator; 256];
    let mut byte = 0;
    while byte < table.len() {
        let b = byte as u8;
        table[byte] = if b.is_ascii_uppercase() {
            NameByte::Upper
        } else if b.is_ascii_alphanumeric() {
            NameByte::LowerOrDigit
        } else {
            NameByte::Separator
        };
        byte += 1;
    }
    table
};

/// Splits a variable or key name into its words (`dbPassword`, `db.password` and `DB_PASSWORD`
/// all give `db`/`DB` and `Password`/`password`/`PASSWORD`): runs of ASCII letters and digits,
/// also split where an upper-case letter follows a lower-case one or a digit. Words are slices
/// of the name; compare them without regard to case.
fn words(name: &str) -> Words<'_> {
    Words { name, at: 0 }
}

/// The iterator of [`words`]: a type of its own, so that its `next` can be inlined into the loop
/// over every env var and setting name's words (as a closure it was a call a word).
struct Words<'a> {
    name: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline(always)]
    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.name.as_bytes();
        let class = |at: usize| NAME_BYTES[usize::from(bytes[at])];
        let mut at = self.at;
        while at < bytes.len() && class(at) == NameByte::Separator {
            at += 1;
        }
        if at == bytes.len() {
            self.at = at;
            return None;
        }
        let start = at;
        let mut previous = class(at);
        at += 1;
        while at < bytes.len() {
            let current = class(at);
            // An upper-case letter after a lower-case one or a digit starts the next word.
            if current == NameByte::Separator
                || (current == NameByte::Upper && previous != NameByte::Upper)
            {
                break;
            }
            previous = current;
            at += 1;
        }
        self.at = at;
        // Both ends are at ASCII bytes or at the name's end, so at character boundaries.
        Some(&self.name[start..at])
    }
}

/// How strongly a name suggests its value is a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameHint {
    None,
    Weak,
    Strong,
}

fn name_hint(name: &str) -> NameHint {
    // Every env var and setting name comes here: its words are packed once and each is looked up
    // once in the table of listed words.
    static PAIRS: [(Packed, Packed); STRONG_PAIRS.len()] = {
        let mut pairs = [(0, 0); STRONG_PAIRS.len()];
        let mut i = 0;
        while i < pairs.len() {
            pairs[i] = (pack(STRONG_PAIRS[i].0), pack(STRONG_PAIRS[i].1));
            i += 1;
        }
        pairs
    };
    let (mut strong, mut weak) = (false, false);
    let mut previous: Option<(Packed, Roles)> = None;
    let mut last_roles = 0;
    for word in words(name) {
        let word = packed(word);
        let roles = word.map_or(0, roles_of);
        strong = strong
            || roles & STRONG_WORD != 0
            || (roles & PAIR_SECOND != 0
                && previous
                    .zip(word)
                    .is_some_and(|((first, first_roles), second)| {
                        first_roles & PAIR_FIRST != 0 && PAIRS.contains(&(first, second))
                    }));
        weak = weak || roles & WEAK_WORD != 0;
        previous = word.map(|word| (word, roles));
        last_roles = roles;
    }
    if last_roles & NOT_A_VALUE_WORD != 0 {
        NameHint::None
    } else if strong {
        NameHint::Strong
    } else if weak {
        NameHint::Weak
    } else {
        NameHint::None
    }
}

/// What the word lists say about a word, as bits: in [`STRONG_WORDS`], [`WEAK_WORDS`],
/// [`NOT_A_VALUE`], first or second of [`STRONG_PAIRS`]; 0 for an unlisted word.
type Roles = u8;
const STRONG_WORD: Roles = 1;
const WEAK_WORD: Roles = 1 << 1;
const NOT_A_VALUE_WORD: Roles = 1 << 2;
const PAIR_FIRST: Roles = 1 << 3;
const PAIR_SECOND: Roles = 1 << 4;

/// The length of [`ROLES`]: a power of two, at most half full even counting a word once per
/// list, so that a probe for an unlisted word (most words) nearly always stops at once.
const ROLE_SLOTS: usize = 256;

/// Every listed word with its roles, in a hash table by packed word with linear probing (0, which
/// no word packs to, for an unused slot), built at compile time: a name's word costs one probe,
/// where scanning the lists compared it with each of them.
static ROLES: [(Packed, Roles); ROLE_SLOTS] = {
    let listed = STRONG_WORDS.len() + WEAK_WORDS.len() + NOT_A_VALUE.len() + 2 * STRONG_PAIRS.len();
    assert!(2 * listed <= ROLE_SLOTS);
    let mut table = [(0, 0); ROLE_SLOTS];
    add_roles(&mut table, STRONG_WORDS, STRONG_WORD);
    add_roles(&mut table, WEAK_WORDS, WEAK_WORD);
    add_roles(&mut table, NOT_A_VALUE, NOT_A_VALUE_WORD);
    let mut i = 0;
    while i < STRONG_PAIRS.len() {
        add_roles(&mut table, &[STRONG_PAIRS[i].0], PAIR_FIRST);
        add_roles(&mut table, &[STRONG_PAIRS[i].1], PAIR_SECOND);
        i += 1;
    }
    table
};

/// The first slot of [`ROLES`] to probe for a packed word.
const fn role_slot(word: Packed) -> usize {
    let folded = word as u64 ^ (word >> 64) as u64;
    (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - ROLE_SLOTS.trailing_zeros())) as usize
}

/// Adds `roles` to each of `words` in the table being built for [`ROLES`].
const fn add_roles(table: &mut [(Packed, Roles); ROLE_SLOTS], words: &[&str], roles: Roles) {
    let mut i = 0;
    while i < words.len() {
        let word = pack(words[i]);
        let mut slot = role_slot(word);
        while table[slot].0 != 0 && table[slot].0 != word {
            slot = (slot + 1) % ROLE_SLOTS;
        }
        table[slot] = (word, table[slot].1 | roles);
        i += 1;
    }
}

/// The roles of a packed word (see [`Roles`]).
fn roles_of(word: Packed) -> Roles {
    let mut slot = role_slot(word);
    loop {
        let (listed, roles) = ROLES[slot];
        if listed == word {
            return roles;
        }
        if listed == 0 {
            return 0;
        }
        slot = (slot + 1) % ROLE_SLOTS;
    }
}

/// A word of a name, upper-cased and packed into an integer (little-endian, zero-padded), so
/// that comparing it with a listed word is one integer compare.
type Packed = u128;

/// Longer than any listed word: longer words match none.
const PACKED_LEN: usize = size_of::<Packed>();

/// `word` packed (see [`Packed`]); `None` when it is longer than any listed word. Words are
/// runs of ASCII letters and digits, so no NUL pads out a shorter word's text.
fn packed(word: &str) -> Option<Packed> {
    (word.len() <= PACKED_LEN).then(|| pack(word))
}

/// A word that fits packed (see [`Packed`]); a `const fn`, so the lists are packed at compile
/// time.
const fn pack(word: &str) -> Packed {
    let bytes = word.as_bytes();
    assert!(bytes.len() <= PACKED_LEN);
    let mut packed = 0;
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        packed = packed << 8 | bytes[i].to_ascii_uppercase() as Packed;
    }
    packed
}

/// Whether a value is no credential whatever its name: empty, a placeholder, a reference to
/// something else (`$(VAR)`, `${VAR}`, a template), a path, or too short to be one.
fn is_not_literal(value: &str) -> bool {
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    let bytes = v.as_bytes();
    // Fewer than 4 characters needs fewer than 16 bytes (4 per character at most).
    (bytes.len() < 16 && v.chars().count() < 4)
        || (bytes.len() <= LONGEST_PLACEHOLDER
            && PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(v)))
        || bytes
            .iter()
            .all(|c| matches!(c, b'x' | b'X' | b'*' | b'.' | b'-' | b'#' | b'?'))
        || bytes.windows(2).any(|pair| {
            // `${`, `$(`, `{{`, `%(`: a reference or a template.
            matches!(pair, [b'$', b'{' | b'('] | [b'{', b'{'] | [b'%', b'('])
        })
        || (v.starts_with('<') && v.ends_with('>'))
        || v.starts_with('$')
        || v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("~/")
        || v.starts_with("file:")
        || v.starts_with("vault:")
        || v.starts_with("ref+")
        || v.starts_with("arn:")
        || v.starts_with("projects/")
        || is_lowercase_path(v)
}

/// `database/creds/app`, `team/app-secret`: a path or reference, not a credential.
fn is_lowercase_path(v: &str) -> bool {
    v.contains('/')
        && v.split('/').all(|segment| {
            !segment.is_empty()
                && segment.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
                })
        })
}

/// Shannon entropy of `v` in bits per character.
fn entropy(v: &str) -> f64 {
    let mut counts = HashMap::new();
    for c in v.chars() {
        *counts.entry(c).or_insert(0u32) += 1;
    }
    let len = v.chars().count() as f64;
    counts
        .values()
        .map(|&n| {
            let p = f64::from(n) / len;
            -p * p.log2()
        })
        .sum()
}

/// A random-looking string: long, no spaces, letters mixed with digits, high entropy.
fn is_random_looking(v: &str) -> bool {
    v.len() >= 16
        && !v.contains(char::is_whitespace)
        && v.contains(|c: char| c.is_ascii_digit())
        && v.contains(|c: char| c.is_ascii_alphabetic())
        && entropy(v) >= 3.0
}

/// Whether each byte is a token character (see [`tokens`]): every literal value is split into
/// tokens, and one table load a byte is cheaper than the tests.
static TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < table.len() {
        let b = byte as u8;
        table[byte] =
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b'+' | b'=');
        byte += 1;
    }
    table
};

/// Runs of characters that can make up a token.
fn tokens(value: &str) -> impl Iterator<Item = &str> {
    // Token characters are all ASCII, so a run of token bytes is a run of token characters and
    // its ends are character boundaries: no need to decode characters to split.
    let is_token_byte = |b: u8| TOKEN_BYTES[usize::from(b)];
    let bytes = value.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && !is_token_byte(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && is_token_byte(bytes[at]) {
            at += 1;
        }
        Some(&value[start..at])
    })
}

fn is_aws_access_key_id(token: &str) -> bool {
    let b = token.as_bytes();
    b.len() == 20
        && (token.starts_with("AKIA") || token.starts_with("ASIA"))
        && b[4..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn is_github_token(token: &str) -> bool {
    let classic = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]
        .iter()
        .find_map(|p| token.strip_prefix(p))
        .is_some_and(|rest| rest.len() >= 36 && rest.bytes().all(|c| c.is_ascii_alphanumeric()));
    let fine_grained = token.strip_prefix("github_pat_").is_some_and(|rest| {
        rest.len() >= 22 && rest.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
    });
    classic || fine_grained
}

fn is_slack_token(token: &str) -> bool {
    ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"]
        .iter()
        .find_map(|p| token.strip_prefix(p))
        .is_some_and(|rest| {
            rest.len() >= 10
                && rest.contains(|c: char| c.is_ascii_digit())
                && rest.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        })
}

fn is_jwt(token: &str) -> bool {
    // Every token of every value comes here: rule most out before splitting.
    if !token.starts_with("eyJ") {
        return false;
    }
    let base64url = |p: &str| {
        p.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    };
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    payload.starts_with("eyJ")
        && header.len() >= 10
        && payload.len() >= 10
        && [header, payload, signature].into_iter().all(base64url)
}

/// `scheme://user:password@host` with a literal password.
fn has_url_password(value: &str) -> bool {
    if SCHEME_END.find(value.as_bytes()).is_none() {
        return false;
    }
    value.split_whitespace().any(|word| {
        let Some((_, rest)) = word.split_once("://") else {
            return false;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let Some((userinfo, _)) = authority.rsplit_once('@') else {
            return false;
        };
        userinfo
            .split_once(':')
            .is_some_and(|(_, password)| !is_not_literal(password))
    })
}

/// The start of a PEM block. Every literal value is searched for it: with a prebuilt finder
/// rather than `str::contains`, which prepares its search again on each call.
static KEY_BEGIN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("-----BEGIN"));

/// What every URL has, and so every URL with a password.
static SCHEME_END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("://"));

/// The start of a Slack incoming-webhook URL's path, which carries its secret.
static SLACK_HOOK: LazyLock<Finder<'static>> =
    LazyLock::new(|| Finder::new("hooks.slack.com/services/T"));

/// Whether a text holds each substring that some value patterns cannot match without: a
/// configuration file is searched for them once, rather than each of its lines for each.
#[derive(Debug, Clone, Copy)]
struct Anchors {
    /// [`KEY_BEGIN`], for private keys.
    key_begin: bool,
    /// [`SLACK_HOOK`], for Slack webhooks.
    slack_hook: bool,
    /// [`SCHEME_END`], for URLs with a password.
    scheme_end: bool,
}

impl Anchors {
    /// For a value on its own: every pattern is looked for.
    const UNKNOWN: Anchors = Anchors {
        key_begin: true,
        slack_hook: true,
        scheme_end: true,
    };

    fn of(text: &str) -> Anchors {
        let text = text.as_bytes();
        Anchors {
            key_begin: KEY_BEGIN.find(text).is_some(),
            slack_hook: SLACK_HOOK.find(text).is_some(),
            scheme_end: SCHEME_END.find(text).is_some(),
        }
    }
}

/// The fewest bytes any pattern of [`value_credential`] matches: a URL with a password needs
/// `://`, the `:` before the password, a password of at least four characters (shorter ones are
/// not literals) and the `@` after it. Every other pattern is longer: a Slack token at least 15
/// bytes, a private key block, an AWS key id, a GitHub token, a JSON Web Token or a Slack webhook
/// at least 20.
const SHORTEST_VALUE_CREDENTIAL: usize = "://:pass@".len();

/// A credential recognisable from the value alone, whatever it is called. `value` is part of
/// a text holding `anchors` ([`Anchors::UNKNOWN`] for a value on its own): a pattern whose
/// anchor the text lacks cannot match it.
fn value_credential(value: &str, anchors: Anchors) -> Option<&'static str> {
    // Most values (numbers, levels, host names) are ruled out here, before any search.
    if value.len() < SHORTEST_VALUE_CREDENTIAL {
        return None;
    }
    if anchors.key_begin
        && KEY_BEGIN.find(value.as_bytes()).is_some()
        && value.contains("PRIVATE KEY")
    {
        return Some("private key");
    }
    for token in tokens(value) {
        // Each token kind has its own first letter: one test rules out the other kinds.
        let kind = match token.as_bytes()[0] {
            b'A' => is_aws_access_key_id(token).then_some("AWS access key id"),
            b'g' => is_github_token(token).then_some("GitHub token"),
            b'x' => is_slack_token(token).then_some("Slack token"),
            b'e' => is_jwt(token).then_some("JSON Web Token"),
            _ => None,
        };
        if kind.is_some() {
            return kind;
        }
    }
    if anchors.slack_hook && SLACK_HOOK.find(value.as_bytes()).is_some() {
        return Some("Slack webhook URL");
    }
    if anchors.scheme_end && has_url_password(value) {
        return Some("URL with an embedded password");
    }
    None
}

/// The kind of credential a `name`d literal `value` holds, if it looks like one.
pub(crate) fn credential(name: &str, value: &str, names: Names) -> Option<&'static str> {
    setting_credential(name, value, names, Anchors::UNKNOWN)
}

/// [`credential`] of a setting whose `value` is part of a text holding `anchors` (see
/// [`value_credential`]).
fn setting_credential(
    name: &str,
    value: &str,
    names: Names,
    anchors: Anchors,
) -> Option<&'static str> {
    // `value.trim().is_empty()`, but stopping at the first character of a value rather than
    // also trimming its end.
    if value.chars().all(char::is_whitespace) {
        return None;
    }
    if let Some(kind) = value_credential(value, anchors) {
        return Some(kind);
    }
    // Only a credential-like name makes the value one: the name is cheaper to rule out first.
    let hint = name_hint(name);
    if hint == NameHint::None || is_not_literal(value) || value.contains('\n') {
        return None;
    }
    let value = value.trim();
    match (hint, names) {
        (NameHint::Strong, Names::Trusted) => Some(kind_from_name(name)),
        (NameHint::Strong | NameHint::Weak, _) if is_random_looking(value) => {
            Some(kind_from_name(name))
        }
        _ => None,
    }
}

/// What the name says the credential is.
fn kind_from_name(name: &str) -> &'static str {
    let has = |w: &str| words(name).any(|x| x.eq_ignore_ascii_case(w));
    if has("PASSWORD") || has("PASSWD") || has("PWD") || has("PASS") || has("PASSPHRASE") {
        "password"
    } else if has("TOKEN") {
        "token"
    } else if has("KEY") || has("APIKEY") {
        "key"
    } else {
        "secret"
    }
}

/// `text` without any number of leading `prefix`es: `str::trim_start_matches` with a plain
/// comparison, where a `&str` pattern would set up a substring search for every line.
fn strip_repeated<'t>(mut text: &'t str, prefix: &str) -> &'t str {
    while let Some(rest) = text.strip_prefix(prefix) {
        text = rest;
    }
    text
}

/// A credential found in a multi-line text (a configuration file held in a ConfigMap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextHit {
    /// What kind of credential.
    pub(crate) kind: &'static str,
    /// The setting it was assigned to (`spring.datasource.password`), when there is one.
    pub(crate) setting: Option<String>,
    /// Line within the text, from 1.
    pub(crate) line: usize,
}

/// Looks for a credential in `text`: a private key anywhere, else line by line, value patterns
/// or `name = value` / `name: value` settings with a credential name.
pub(crate) fn text_credential(text: &str) -> Option<TextHit> {
    let anchors = Anchors::of(text);
    if let Some(line) = anchors
        .key_begin
        .then(|| {
            text.lines()
                .position(|l| KEY_BEGIN.find(l.as_bytes()).is_some() && l.contains("PRIVATE KEY"))
        })
        .flatten()
    {
        return Some(TextHit {
            kind: "private key",
            setting: None,
            line: line + 1,
        });
    }
    for (i, line) in text.lines().enumerate() {
        let trimmed = strip_repeated(strip_repeated(line.trim(), "export "), "- ");
        if trimmed.starts_with('#') || trimmed.starts_with("//") || trimmed.starts_with(';') {
            continue;
        }
        let setting = trimmed
            .bytes()
            .position(|b| b == b'=' || b == b':')
            .map(|at| (&trimmed[..at], &trimmed[at + 1..]))
            .filter(|(name, _)| {
                !name.trim().is_empty() && !name.contains(char::is_whitespace)
                    || name.trim().starts_with('"')
            })
            .map(|(name, value)| {
                let name = name
                    .trim()
                    .trim_start_matches(['{', '['])
                    .trim_matches(|c| c == '"' || c == '\'');
                let value = value.trim().trim_end_matches(',').trim();
                (name, value.trim_matches(|c| c == '"' || c == '\''))
            });
        let hit = match setting {
            Some((name, value)) if !value.starts_with("//") => {
                setting_credential(name, value, Names::Trusted, anchors)
                    .map(|kind| (kind, Some(name.to_owned())))
            }
            _ => value_credential(trimmed, anchors).map(|kind| (kind, None)),
        };
        if let Some((kind, setting)) = hit {
            return Some(TextHit {
                kind,
                setting,
                line: i + 1,
            });
        }
    }
    None
}

/// Decodes standard base64 (as in ConfigMap `binaryData` and Secret `data`); `None` if invalid.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The service account a pod spec runs as: `serviceAccountName`, else the deprecated
/// `serviceAccount`, else `default`; with the key naming it, if any.
pub(crate) fn service_account(spec: NodeRef<'_>) -> (&str, Option<NodeRef<'_>>) {
    ["serviceAccountName", "serviceAccount"]
        .iter()
        .find_map(|field| {
            spec.entry(field).and_then(|(key, value)| {
                value
                    .as_str()
                    .filter(|v| !v.is_empty())
                    .map(|v| (v, Some(key)))
            })
        })
        .unwrap_or(("default", None))
}

/// Where a finding about a missing pod spec field points: the pod template's `spec` key.
pub(crate) fn spec_key(object: &Object) -> Option<NodeRef<'_>> {
    workload::pod_template(object)?
        .entry("spec")
        .map(|(key, _)| key)
}

/// ConfigMaps Kubernetes creates in every namespace.
const AUTOMATIC_CONFIGMAPS: &[&str] = &["kube-root-ca.crt"];

/// Whether the scan contains any (core) object of `kind` (ServiceAccount, Secret, ConfigMap).
pub(crate) fn scanned_any(inventory: &Inventory<'_>, kind: &str) -> bool {
    inventory.of_kind(kind).any(|o| o.api_group().is_empty())
}

/// What the scan says about the object `kind`/`name` that a pod in `namespace` refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// Not among the scanned objects.
    Missing,
    /// Found; for a ServiceAccount, its `automountServiceAccountToken` when all copies agree.
    Found(Option<bool>),
}

/// Looks up a referenced object. Objects without a namespace match any namespace (they are
/// applied to one chosen at deploy time), and a pod without one matches any namespace.
pub(crate) fn lookup(
    inventory: &Inventory<'_>,
    kind: &str,
    namespace: Option<&str>,
    name: &str,
) -> Lookup {
    if kind == "ConfigMap" && AUTOMATIC_CONFIGMAPS.contains(&name) {
        return Lookup::Found(None);
    }
    // What the copies of one object say about token automount, when they all agree.
    let automount = |copies: &mut dyn Iterator<Item = &Object>| -> Option<Option<bool>> {
        let mut copies = copies.filter(|o| o.api_group().is_empty());
        let first = copies
            .next()?
            .root()
            .get_bool("automountServiceAccountToken");
        Some(
            if copies.all(|o| o.root().get_bool("automountServiceAccountToken") == first) {
                first
            } else {
                None
            },
        )
    };
    let unplaced = || automount(&mut inventory.named(kind, None, name));
    match namespace {
        Some(ns) => automount(&mut inventory.named(kind, Some(ns), name))
            .or_else(unplaced)
            .map_or(Lookup::Missing, Lookup::Found),
        None if inventory
            .named_anywhere(kind, name)
            .any(|o| o.api_group().is_empty()) =>
        {
            Lookup::Found(unplaced().flatten())
        }
        None => Lookup::Missing,
    }
}

/// One reference from a pod spec to a Secret or ConfigMap.
#[derive(Debug, Clone)]
pub(crate) struct Reference<'a> {
    /// The node naming it (the `name` or `secretName` key).
    pub(crate) at: NodeRef<'a>,
    /// The referenced object's name.
    pub(crate) name: &'a str,
    /// Who refers to it, for messages.
    pub(crate) by: Referrer<'a>,
    /// The container, for container-level references.
    pub(crate) container: Option<workload::Container<'a>>,
}

/// What in a pod spec refers to a Secret or ConfigMap; displays as `container "app" env var
/// "X"`, `container "app" envFrom` or `volume "certs"`. Only written out when reported.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Referrer<'a> {
    EnvVar { container: &'a str, var: &'a str },
    EnvFrom { container: &'a str },
    Volume { name: &'a str },
}

impl std::fmt::Display for Referrer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Referrer::EnvVar { container, var } => {
                write!(f, "container {} env var {}", quoted(container), quoted(var))
            }
            Referrer::EnvFrom { container } => write!(f, "container {} envFrom", quoted(container)),
            Referrer::Volume { name } => write!(f, "volume {}", quoted(name)),
        }
    }
}

/// The non-optional references of a workload's pod spec to objects of `kind` (`Secret` or
/// `ConfigMap`): `env[].valueFrom.*KeyRef`, `envFrom[].*Ref`, `volumes[]` and projected volume
/// sources.
pub(crate) fn references<'a>(object: &'a Object, kind: &str) -> Vec<Reference<'a>> {
    let Some(spec) = workload::pod_spec(object) else {
        return Vec::new();
    };
    let (key_ref, from_ref, volume, volume_name) = match kind {
        "Secret" => ("secretKeyRef", "secretRef", "secret", "secretName"),
        _ => ("configMapKeyRef", "configMapRef", "configMap", "name"),
    };
    let required =
        |node: NodeRef<'_>| node.kind() == Kind::Map && node.get_bool("optional") != Some(true);
    let named = |node: NodeRef<'a>, field: &str| -> Option<(NodeRef<'a>, &'a str)> {
        node.entry(field)
            .and_then(|(key, value)| value.as_str().filter(|v| !v.is_empty()).map(|v| (key, v)))
    };
    let mut out = Vec::new();
    for container in workload::pod_containers(object) {
        let list = |field| {
            container
                .node
                .get(field)
                .into_iter()
                .flat_map(|l| l.items())
        };
        for var in list("env") {
            if let Some(r) = var.get("valueFrom").and_then(|v| v.get(key_ref))
                && required(r)
                && let Some((at, name)) = named(r, "name")
            {
                let by = Referrer::EnvVar {
                    container: container.name,
                    var: var.get_str("name").unwrap_or_default(),
                };
                out.push(Reference {
                    at,
                    name,
                    by,
                    container: Some(container),
                });
            }
        }
        for source in list("envFrom") {
            if let Some(r) = source.get(from_ref)
                && required(r)
                && let Some((at, name)) = named(r, "name")
            {
                let by = Referrer::EnvFrom {
                    container: container.name,
                };
                out.push(Reference {
                    at,
                    name,
                    by,
                    container: Some(container),
                });
            }
        }
    }
    for vol in spec.get("volumes").into_iter().flat_map(|v| v.items()) {
        let by = Referrer::Volume {
            name: vol.get_str("name").unwrap_or_default(),
        };
        if let Some(r) = vol.get(volume)
            && required(r)
            && let Some((at, name)) = named(r, volume_name)
        {
            out.push(Reference {
                at,
                name,
                by,
                container: None,
            });
        }
        let sources = vol
            .get_path(&["projected", "sources"])
            .into_iter()
            .flat_map(|s| s.items());
        for r in sources.filter_map(|s| s.get(volume)) {
            if required(r)
                && let Some((at, name)) = named(r, "name")
            {
                out.push(Reference {
                    at,
                    name,
                    by,
                    container: None,
                });
            }
        }
    }
    out
}

/// `" in namespace \"shop\""`, or nothing for objects without a namespace.
pub(crate) fn in_namespace(namespace: Option<&str>) -> String {
    namespace.map_or_else(String::new, |ns| format!(" in namespace {ns:?}"))
}

/// Reports each non-optional reference of the checked workload to a `kind` (`Secret` or
/// `ConfigMap`) that is not among the scanned objects, when the scan has objects of that kind.
pub(crate) fn report_missing_references(ctx: &mut Context<'_>, kind: &str) {
    let object = ctx.object();
    let inventory = ctx.inventory();
    if !scanned_any(inventory, kind) {
        return;
    }
    let namespace = object.id.namespace.as_deref();
    for r in references(object, kind) {
        if lookup(inventory, kind, namespace, r.name) != Lookup::Missing {
            continue;
        }
        let message = format_args!(
            "{} refers to {} {:?}, which is not among the scanned objects{}; its pods cannot start until it exists",
            r.by,
            kind.to_ascii_lowercase(),
            r.name,
            in_namespace(namespace)
        );
        match &r.container {
            Some(container) => ctx.report_container(container, r.at, message),
            None => ctx.report(r.at, message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str, value: &str) -> Option<&'static str> {
        credential(name, value, Names::Trusted)
    }

    #[test]
    fn names_split_into_words() {
        let words = |name| words(name).collect::<Vec<_>>();
        assert_eq!(words("dbPassword"), ["db", "Password"]);
        assert_eq!(
            words("spring.datasource.password"),
            ["spring", "datasource", "password"]
        );
        assert_eq!(
            words("AWS_SECRET_ACCESS_KEY"),
            ["AWS", "SECRET", "ACCESS", "KEY"]
        );
        assert_eq!(
            words("s3Key__HTTPServer-é-x"),
            ["s3", "Key", "HTTPServer", "x"]
        );
        assert_eq!(words("..."), Vec::<&str>::new());
    }

    #[test]
    fn names_hint_by_their_words_in_any_case() {
        use NameHint::*;
        for (name, hint) in [
            ("DB_PASSWORD", Strong),
            ("dbPassword", Strong),
            ("apiKey", Strong),
            ("x.api.key", Strong),
            ("CLIENT_SECRET", Strong),
            ("KEY_API", Weak),
            ("session_cookie", Weak),
            ("PASSWORD_FILE", None),
            ("tokenTtl", None),
            ("LOG_LEVEL", None),
            ("SETTING_0", None),
            ("", None),
            ("averyveryverylongwordpassword", None),
            ("averyveryverylongword_PASSWORD", Strong),
            ("PASSWORD_averyveryverylongword", Strong),
            ("API_averyveryverylongword_KEY", Weak),
        ] {
            assert_eq!(name_hint(name), hint, "{name}");
        }
        assert_eq!(packed("Password"), Some(pack("PASSWORD")));
        assert_eq!(packed("seventeen-letters"), Option::None);
    }

    #[test]
    fn listed_words_have_their_roles() {
        for (list, role) in [
            (STRONG_WORDS, STRONG_WORD),
            (WEAK_WORDS, WEAK_WORD),
            (NOT_A_VALUE, NOT_A_VALUE_WORD),
        ] {
            for word in list {
                assert_ne!(roles_of(pack(word)) & role, 0, "{word}");
            }
        }
        for (first, second) in STRONG_PAIRS {
            assert_ne!(roles_of(pack(first)) & PAIR_FIRST, 0, "{first}");
            assert_ne!(roles_of(pack(second)) & PAIR_SECOND, 0, "{second}");
        }
        assert_eq!(
            roles_of(pack("SECRET")),
            STRONG_WORD | PAIR_FIRST | PAIR_SECOND
        );
        assert_eq!(roles_of(pack("SETTING")), 0);
    }

    #[test]
    fn credential_names_with_literal_values_are_found() {
        assert_eq!(env("DB_PASSWORD", "hunter2!"), Some("password"));
        assert_eq!(env("GITHUB_TOKEN", "abcd1234efgh"), Some("token"));
        assert_eq!(env("api_key", "k-live-42"), Some("key"));
        assert_eq!(env("clientSecret", "s3cr3tvalue"), Some("secret"));
        assert_eq!(
            env(
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
            ),
            Some("key")
        );
    }

    #[test]
    fn values_are_recognised_whatever_the_name() {
        assert_eq!(env("X", "AKIAIOSFODNN7EXAMPLE"), Some("AWS access key id"));
        assert_eq!(
            env("X", &format!("ghp_{}", "a1".repeat(18))),
            Some("GitHub token")
        );
        assert_eq!(
            env("X", "xoxb-123456789012-abcdefABCDEF"),
            Some("Slack token")
        );
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_eq!(env("X", jwt), Some("JSON Web Token"));
        let (header_and_payload, _) = jwt.rsplit_once('.').unwrap();
        assert_eq!(env("X", header_and_payload), None, "two parts");
        assert_eq!(
            env("X", &format!("{jwt}.eyJzdWIiOiIxMjM0")),
            None,
            "four parts"
        );
        assert_eq!(
            env("X", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n"),
            Some("private key")
        );
        assert_eq!(
            env("DATABASE_URL", "postgres://app:hunter2@db:5432/app"),
            Some("URL with an embedded password")
        );
    }

    #[test]
    fn the_shortest_value_pattern_is_still_found() {
        assert_eq!(
            value_credential("://:pass@", Anchors::UNKNOWN),
            Some("URL with an embedded password")
        );
        assert_eq!(value_credential("://:pas@", Anchors::UNKNOWN), None);
    }

    #[test]
    fn references_placeholders_and_settings_are_not_credentials() {
        for (name, value) in [
            ("PASSWORD_FILE", "/run/secrets/x"),
            ("DB_PASSWORD", ""),
            ("DB_PASSWORD", "  "),
            ("DB_PASSWORD", "$(DB_PASSWORD_FROM_SECRET)"),
            ("DB_PASSWORD", "${DB_PASSWORD}"),
            ("DB_PASSWORD", "{{ .Values.password }}"),
            ("DB_PASSWORD", "changeme"),
            ("DB_PASSWORD", "<your-password>"),
            ("DB_PASSWORD", "xxxxxxxx"),
            ("TOKEN_TTL", "3600"),
            ("PASSWORD_MIN_LENGTH", "12"),
            ("SECRET_NAME", "db-credentials"),
            ("TLS_SECRET", "team/tls-cert"),
            ("AWS_ACCESS_KEY_ID", "from-instance-profile"),
            ("OAUTH_TOKEN_URL", "https://auth.example.com/token"),
            ("VAULT_TOKEN_PATH", "/vault/token"),
            ("ENABLE_AUTH", "true"),
            ("DATABASE_URL", "postgres://app:${DB_PASSWORD}@db/app"),
            ("CACHE_KEY", "user-profile"),
            ("LOG_LEVEL", "debug"),
        ] {
            assert_eq!(env(name, value), None, "{name}={value}");
        }
    }

    #[test]
    fn annotations_need_random_values() {
        let a = |k, v| credential(k, v, Names::WithEntropy);
        assert_eq!(
            a("nginx.ingress.kubernetes.io/auth-secret", "basic-auth"),
            None
        );
        assert_eq!(
            a(
                "vault.hashicorp.com/agent-inject-secret-db",
                "database/creds/db-app"
            ),
            None
        );
        assert_eq!(
            a(
                "checksum/config",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
            ),
            None
        );
        assert_eq!(
            a("example.com/api-key", "Zk3j9QpX2mW8rT5vY1nB"),
            Some("key")
        );
        assert_eq!(
            a("example.com/token", "AKIAIOSFODNN7EXAMPLE"),
            Some("AWS access key id")
        );
    }

    #[test]
    fn text_settings_are_found_by_line() {
        let text = "# comment: password=x\nserver.port=8080\nspring.datasource.password=hunter22\n";
        assert_eq!(
            text_credential(text),
            Some(TextHit {
                kind: "password",
                setting: Some("spring.datasource.password".into()),
                line: 3
            })
        );
        let yaml = "db:\n  host: db\n  password: \"s3cr3t-pw\"\n";
        assert_eq!(text_credential(yaml).map(|h| h.line), Some(3));
        let json = "{\n  \"apiKey\": \"k-9f8e7d6c\",\n}";
        assert_eq!(text_credential(json).map(|h| h.kind), Some("key"));
        let inline = text_credential("{\"apiKey\": \"k9f8e7d6c5\"}").and_then(|h| h.setting);
        assert_eq!(inline.as_deref(), Some("apiKey"));
        assert_eq!(
            text_credential("password: ${DB_PASSWORD}\nsecretName: db\ntoken:\n"),
            None
        );
    }

    #[test]
    fn text_lines_are_searched_for_the_patterns_the_text_holds() {
        let proxy = "listen 8080;\nproxy_pass http://app:hunter22@backend;\n";
        assert_eq!(
            text_credential(proxy),
            Some(TextHit {
                kind: "URL with an embedded password",
                setting: None,
                line: 2
            })
        );
        let hook = "channel: ops\nurl = https://hooks.slack.com/services/T0/B0/x\n";
        assert_eq!(
            text_credential(hook).map(|h| (h.kind, h.line)),
            Some(("Slack webhook URL", 2))
        );
        assert_eq!(
            text_credential("listen 8080;\nserver_name example.com;\n"),
            None
        );
    }

    #[test]
    fn base64_decodes() {
        assert_eq!(
            decode_base64("aHVudGVyMg==").as_deref(),
            Some(&b"hunter2"[..])
        );
        assert_eq!(decode_base64("not base64!"), None);
    }
}
