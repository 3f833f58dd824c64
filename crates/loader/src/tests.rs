use std::fs;

use super::*;

fn bytes(src: &str) -> Loaded {
    load(
        &[Source::Bytes {
            name: "in.yaml".into(),
            bytes: src.as_bytes().to_vec(),
        }],
        &Limits::default(),
    )
}

#[test]
fn lists_are_flattened_and_non_objects_counted() {
    let loaded = bytes(concat!(
        "apiVersion: v1\nkind: List\nitems:\n",
        "  - {apiVersion: v1, kind: Service, metadata: {name: a}}\n",
        "  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: b}}\n",
        "  - {just: data}\n",
        "---\napiVersion: v1\nkind: PodList\nitems: []\n",
        "---\nfoo: bar\n---\n- 1\n",
    ));
    let names: Vec<_> = loaded.objects.iter().map(|o| o.id.to_string()).collect();
    assert_eq!(names, ["Service a", "Deployment b"]);
    assert_eq!(loaded.skipped, 3);
    assert_eq!(loaded.objects[1].start().line, 5);
}

#[test]
fn broken_document_is_an_error_and_the_rest_is_read() {
    let loaded = bytes(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nkind: [\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n",
    );
    assert_eq!(loaded.objects.len(), 2);
    assert_eq!(loaded.errors.len(), 1);
    assert_eq!(
        (&*loaded.errors[0].file, loaded.errors[0].line),
        ("in.yaml", 5)
    );
}

#[test]
fn many_documents_keep_their_order() {
    let src: String = (0..200)
        .map(|i| format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\n---\n"))
        .collect();
    let loaded = bytes(&src);
    let names: Vec<_> = loaded.objects.iter().map(|o| o.id.name.clone()).collect();
    assert_eq!(names, (0..200).map(|i| format!("c{i}")).collect::<Vec<_>>());
    assert_eq!(loaded.objects[199].start().line, 797);
}

#[test]
fn directories_are_walked_in_order_for_manifest_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/nested")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::write(
        root.join("b/nested/z.yml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: z}\n",
    )
    .unwrap();
    fs::write(
        root.join("a.json"),
        r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}"#,
    )
    .unwrap();
    fs::write(root.join("notes.txt"), "apiVersion: v1\nkind: Pod\n").unwrap();
    fs::write(root.join(".git/x.yaml"), "apiVersion: v1\nkind: Pod\n").unwrap();
    let sources = expand(&[
        root.display().to_string(),
        root.join("missing.yaml").display().to_string(),
    ]);
    let loaded = load(&sources, &Limits::default());
    let names: Vec<_> = loaded.objects.iter().map(|o| o.id.name.as_str()).collect();
    assert_eq!(names, ["a", "z"]);
    assert_eq!(loaded.files, 2);
    assert_eq!(loaded.errors.len(), 1);
    assert!(loaded.errors[0].message.contains("no such file"));
}

#[test]
fn kustomize_directories_are_rendered() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("kustomization.yaml"),
        "namespace: shop\nresources: [pod.yaml]\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n",
    )
    .unwrap();
    let sources = expand(&[dir.path().display().to_string()]);
    assert!(matches!(sources[0], Source::Kustomize(_)));
    let loaded = load(&sources, &Limits::default());
    if std::process::Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_ok()
    {
        assert_eq!(loaded.errors, vec![]);
        assert_eq!(loaded.objects[0].id.to_string(), "Pod shop/web");
    } else {
        assert!(
            loaded.errors[0].message.contains("needs `kubectl` on PATH"),
            "{:?}",
            loaded.errors
        );
    }
}

#[test]
fn each_list_item_holds_its_own_yaml_traps() {
    let loaded = load_stream(
        "list.yaml".into(),
        b"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {x: yes}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n  data: {y: '1', z: on}\n",
        &Limits::default(),
    );
    let lines: Vec<Vec<u32>> = loaded
        .objects
        .iter()
        .map(|o| o.traps().iter().map(|t| t.position.line).collect())
        .collect();
    assert_eq!(lines, [vec![7], vec![11, 11]]);
}
