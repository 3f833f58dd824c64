//! `kubeward render`: every object as the API server receives it.

use std::io::Write;

use anyhow::Context;
use kubeward_yaml::{Document, Limits, NodeRef, parse_chunk, split_documents};

use crate::Status;
use crate::args::{RenderArgs, RenderFormat};

pub fn run(args: RenderArgs) -> anyhow::Result<Status> {
    let sources = kubeward_loader::expand(&args.paths);
    let limits = Limits::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut line = String::new();
    for source in &sources {
        let (file, bytes) = match source.read() {
            Ok(read) => read,
            Err(error) => {
                failed = true;
                line.clear();
                write_error(
                    args.format,
                    &error.file,
                    error.line,
                    &error.message,
                    &mut line,
                );
                out.write_all(line.as_bytes())
                    .context("writing the output")?;
                continue;
            }
        };
        for chunk in split_documents(&bytes) {
            line.clear();
            match parse_chunk(&chunk, &limits) {
                Ok(None) => {}
                Ok(Some(document)) => {
                    failed |= !write_document(args.format, &file, &document, &mut line);
                }
                Err(error) => {
                    failed = true;
                    write_error(
                        args.format,
                        &file,
                        chunk.first_line,
                        &error.to_string(),
                        &mut line,
                    );
                }
            }
            out.write_all(line.as_bytes())
                .context("writing the output")?;
        }
    }
    out.flush().context("writing the output")?;
    Ok(if failed { Status::Error } else { Status::Clean })
}

/// Writes the objects of `document` (the items of a List, else the document itself); `false`
/// when one holds a value JSON cannot (`.inf`), which is written as an error instead.
fn write_document(format: RenderFormat, file: &str, document: &Document, out: &mut String) -> bool {
    let root = document.root();
    let list = kubeward_loader::list_items(root);
    let objects = list
        .iter()
        .flat_map(NodeRef::items)
        .chain(list.is_none().then_some(root));
    let mut ok = true;
    for object in objects {
        let line = object.position().line;
        let rendered = match format {
            RenderFormat::Json => object.to_json(),
            RenderFormat::Yaml => object.to_yaml(),
        };
        match rendered {
            Ok(text) => match format {
                RenderFormat::Json => {
                    out.push_str(&format!(
                        "{{\"file\":{},\"line\":{line},\"object\":{text}}}\n",
                        json_string(file)
                    ));
                }
                RenderFormat::Yaml => {
                    out.push_str(&format!("---\n# {file}:{line}\n{text}"));
                }
            },
            Err(error) => {
                ok = false;
                write_error(format, file, line, &error.to_string(), out);
            }
        }
    }
    ok
}

fn write_error(format: RenderFormat, file: &str, line: u32, message: &str, out: &mut String) {
    match format {
        RenderFormat::Json => out.push_str(&format!(
            "{{\"file\":{},\"line\":{line},\"error\":{}}}\n",
            json_string(file),
            json_string(message)
        )),
        RenderFormat::Yaml => {
            // The stream stays valid YAML: the error is a comment where the document would be.
            let message = message.replace('\n', " ");
            out.push_str(&format!("---\n# {file}:{line}: error: {message}\n"));
        }
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
