// yaml2json is the reference the differential test (crates/cli/tests/render_fidelity.rs)
// compares `kubeward render --format json` with: it reads manifests the way kubectl does, with
// the sigs.k8s.io/yaml library Kubernetes itself uses.
//
// It reads file paths from standard input, one per line, and for every document of every file
// prints one JSON line:
//
//	{"file": F, "line": L, "objects": [...]}          the document converts; [] when it is empty
//	{"file": F, "line": L, "error": E, "lax": [...]}  strict conversion fails; lax holds what the
//	                                                  lenient conversion gives (absent if it fails too)
//	{"file": F, "line": L, "fatal": E}                kubectl stops reading the file here
//
// Each object is the JSON text sigs.k8s.io/yaml produced, as a JSON string, so the comparison
// can be byte for byte.
// L is the line the document's chunk starts on. A document is converted with YAMLToJSONStrict,
// which rejects a key set twice; objects are flattened out of a List (kind ending in "List")
// as kubectl flattens them. The stream is split as k8s.io/apimachinery's YAMLReader splits it:
// lines are read with bufio.Reader.ReadLine (so "\r\n" becomes "\n" and the last line always
// ends with "\n"), a line that starts with "---" ends the document when the rest of it is white
// space or a comment and is an error otherwise; a UTF-8 byte-order mark at the start is dropped,
// as kubectl's file reader drops it.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

type result struct {
	File    string    `json:"file"`
	Line    int       `json:"line"`
	Objects *[]string `json:"objects,omitempty"`
	Error   string    `json:"error,omitempty"`
	Lax     *[]string `json:"lax,omitempty"`
	Fatal   string    `json:"fatal,omitempty"`
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	paths := bufio.NewScanner(os.Stdin)
	for paths.Scan() {
		if path := paths.Text(); path != "" {
			if err := convertFile(path, out); err != nil {
				fmt.Fprintf(os.Stderr, "yaml2json: %s: %v\n", path, err)
				os.Exit(2)
			}
		}
	}
}

func convertFile(path string, out *bufio.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	emit := func(r result) error {
		r.File = path
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		out.Write(line)
		return out.WriteByte('\n')
	}
	lines := bufio.NewReader(bytes.NewReader(data))
	var chunk bytes.Buffer
	chunkLine, lineNo := 1, 0
	for {
		line, readErr := readLine(lines)
		lineNo++
		if bytes.HasPrefix(line, []byte("---")) {
			rest := strings.TrimSpace(string(line[3:]))
			if rest != "" && rest[0] != '#' {
				return emit(result{Line: chunkLine, Fatal: "invalid document separator: " + rest})
			}
			if chunk.Len() != 0 {
				if err := emit(convert(chunk.Bytes(), chunkLine)); err != nil {
					return err
				}
				chunk.Reset()
			}
			chunkLine = lineNo + 1
			if readErr == io.EOF {
				return nil
			}
			continue
		}
		if readErr == io.EOF {
			if chunk.Len() != 0 {
				return emit(convert(chunk.Bytes(), chunkLine))
			}
			return nil
		}
		chunk.Write(line)
	}
}

// readLine returns the next line with a "\n" end, as apimachinery's LineReader does.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line bytes.Buffer
	for {
		part, isPrefix, err := r.ReadLine()
		line.Write(part)
		if !isPrefix || err != nil {
			line.WriteByte('\n')
			return line.Bytes(), err
		}
	}
}

func convert(doc []byte, line int) result {
	strict, err := yaml.YAMLToJSONStrict(doc)
	if err == nil {
		objects := flatten(strict)
		return result{Line: line, Objects: &objects}
	}
	r := result{Line: line, Error: err.Error()}
	if lax, laxErr := yaml.YAMLToJSON(doc); laxErr == nil {
		objects := flatten(lax)
		r.Lax = &objects
	}
	return r
}

// flatten returns the objects a converted document holds: none for an empty document, the
// items of a List (a string apiVersion, a string kind ending in "List", and items that are a
// list or null), else the document itself.
func flatten(doc []byte) []string {
	doc = bytes.TrimSpace(doc)
	if len(doc) == 0 || bytes.Equal(doc, []byte("null")) {
		return []string{}
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(doc, &fields) == nil {
		var kind string
		items, hasItems := fields["items"]
		if bytes.HasPrefix(fields["apiVersion"], []byte(`"`)) && bytes.HasPrefix(fields["kind"], []byte(`"`)) &&
			json.Unmarshal(fields["kind"], &kind) == nil && strings.HasSuffix(kind, "List") && hasItems {
			var list []json.RawMessage
			if json.Unmarshal(items, &list) == nil {
				objects := []string{}
				for _, item := range list {
					objects = append(objects, string(item))
				}
				return objects
			}
		}
	}
	return []string{string(doc)}
}
