//! Splitting a stream into documents the way kubectl does.
//!
//! kubectl (`k8s.io/apimachinery/pkg/util/yaml.YAMLReader`) cuts a stream at every line that
//! starts with `---` followed only by whitespace or a comment, before any YAML parsing. Doing the
//! same means a syntax error stays inside its own document and the documents after it are still
//! read, exactly as `kubectl apply` would read them. A line that starts with `---` followed by
//! anything else (`--- a`, `----`) makes kubectl fail and stop reading the stream: here it ends
//! the chunk, which is then an error ([`Chunk::invalid_separator`]), and reading goes on.

/// One document's bytes inside a stream, and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk<'a> {
    /// The document's bytes, separator line excluded.
    pub bytes: &'a [u8],
    /// The stream line of the chunk's first byte (1-based).
    pub first_line: u32,
    /// The line of a `---` line with content after it (`--- a`) that ends this chunk: kubectl
    /// refuses such a line, so the chunk is an error.
    pub invalid_separator: Option<u32>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Splits `stream` into document chunks at kubectl's separator lines.
///
/// A leading UTF-8 byte-order mark is dropped so it shifts no column. Chunks that hold only
/// whitespace and comments are still returned; the parser turns them into empty documents.
pub fn split_documents(stream: &[u8]) -> Vec<Chunk<'_>> {
    let stream = stream.strip_prefix(BOM).unwrap_or(stream);
    let mut chunks = Vec::new();
    let mut chunk_start = 0usize;
    let mut chunk_line = 1u32;
    // Only lines that start with `---` can separate documents: jump between them with a SIMD
    // search instead of visiting every line, and count the lines skipped on the way.
    let mut counted_to = 0usize;
    let mut line_no = 1u32;
    let starts = std::iter::once(0)
        .filter(|_| stream.starts_with(b"---"))
        .chain(memchr::memmem::find_iter(stream, b"\n---").map(|i| i + 1));
    for line_start in starts {
        if line_start < chunk_start {
            continue;
        }
        line_no += memchr::memchr_iter(b'\n', &stream[counted_to..line_start]).count() as u32;
        counted_to = line_start;
        let line_end = memchr::memchr(b'\n', &stream[line_start..])
            .map_or(stream.len(), |i| line_start + i + 1);
        if let Some(valid) = separator(&stream[line_start..line_end]) {
            chunks.push(Chunk {
                bytes: &stream[chunk_start..line_start],
                first_line: chunk_line,
                invalid_separator: (!valid).then_some(line_no),
            });
            chunk_start = line_end;
            chunk_line = line_no + 1;
        }
    }
    chunks.push(Chunk {
        bytes: &stream[chunk_start..],
        first_line: chunk_line,
        invalid_separator: None,
    });
    chunks
}

/// For a line that starts with `---`, whether it is a valid separator: nothing after the dashes
/// but whitespace or a `#` comment. `None` for other lines.
fn separator(line: &[u8]) -> Option<bool> {
    let rest = line.strip_prefix(b"---")?;
    let trimmed = rest.trim_ascii();
    Some(trimmed.is_empty() || trimmed[0] == b'#')
}

/// The error for a chunk that ends at an invalid separator line.
pub(crate) fn invalid_separator_error(line: u32) -> crate::DocumentError {
    crate::DocumentError::new(
        crate::ErrorKind::InvalidSeparator,
        crate::Position { line, column: 1 },
        "a line starting with `---` may only have a comment after it; kubectl stops reading \
         the stream here, so this document and the ones after it would not be applied"
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(stream: &str) -> Vec<(u32, &str)> {
        split_documents(stream.as_bytes())
            .into_iter()
            .map(|c| (c.first_line, std::str::from_utf8(c.bytes).unwrap()))
            .collect()
    }

    #[test]
    fn splits_on_separator_lines_only() {
        assert_eq!(
            lines("a: 1\n---\nb: 2\n--- # next\nc: 3\n"),
            vec![(1, "a: 1\n"), (3, "b: 2\n"), (5, "c: 3\n")]
        );
    }

    #[test]
    fn content_after_marker_is_an_invalid_separator() {
        let chunks = split_documents(b"a: 1\n--- a\nb: 2\n----\n");
        let invalid: Vec<_> = chunks.iter().map(|c| c.invalid_separator).collect();
        assert_eq!(invalid, [Some(2), Some(4), None]);
        assert_eq!(lines("x: |\n  ----\n"), vec![(1, "x: |\n  ----\n")]);
    }

    #[test]
    fn crlf_separators_and_bom() {
        assert_eq!(
            lines("\u{feff}a: 1\r\n---\r\nb: 2\r\n"),
            vec![(1, "a: 1\r\n"), (3, "b: 2\r\n")]
        );
    }

    #[test]
    fn leading_separator_gives_empty_first_chunk() {
        assert_eq!(lines("---\na: 1\n"), vec![(1, ""), (2, "a: 1\n")]);
    }

    /// The line-by-line reading of kubectl's rule, to check the fast splitter against.
    fn naive(stream: &[u8]) -> Vec<(u32, Vec<u8>)> {
        let stream = stream.strip_prefix(BOM).unwrap_or(stream);
        let (mut chunks, mut current, mut first) = (Vec::new(), Vec::new(), 1u32);
        for (i, line) in stream.split_inclusive(|&b| b == b'\n').enumerate() {
            if separator(line).is_some() {
                chunks.push((first, std::mem::take(&mut current)));
                first = i as u32 + 2;
            } else {
                current.extend_from_slice(line);
            }
        }
        chunks.push((first, current));
        chunks
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_line_by_line_rule(lines in proptest::collection::vec(
            proptest::sample::select(vec!["---", "--- # c", "---x", " ---", "a: 1", "", "--- a", "----", "\r", "---\r"]),
            0..40,
        ), trailing_newline: bool) {
            let mut stream = lines.join("\n");
            if trailing_newline {
                stream.push('\n');
            }
            let fast: Vec<(u32, Vec<u8>)> =
                split_documents(stream.as_bytes()).into_iter().map(|c| (c.first_line, c.bytes.to_vec())).collect();
            proptest::prop_assert_eq!(fast, naive(stream.as_bytes()));
        }
    }
}
