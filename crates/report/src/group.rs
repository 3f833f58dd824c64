//! Findings, errors and objects grouped by file, then by object: the shape of the text and
//! JUnit reports.

use std::collections::BTreeMap;

use kubeward_core::{Finding, LoadError, ObjectId, ScanResult};

/// One file's objects and load errors.
pub(crate) struct FileGroup<'a> {
    pub file: &'a str,
    /// Ordered by where the object starts in the file.
    pub objects: Vec<ObjectGroup<'a>>,
    pub errors: Vec<&'a LoadError>,
}

/// One object and its findings.
pub(crate) struct ObjectGroup<'a> {
    pub id: &'a ObjectId,
    /// Where the object starts, when it has a score.
    pub line: Option<u32>,
    pub score: Option<u8>,
    /// Findings that count, in result order.
    pub active: Vec<&'a Finding>,
    /// Exempted findings, in result order.
    pub exempted: Vec<&'a Finding>,
}

impl ObjectGroup<'_> {
    fn sort_line(&self) -> u32 {
        self.line
            .or_else(|| {
                self.active
                    .iter()
                    .chain(&self.exempted)
                    .map(|f| f.location.line)
                    .min()
            })
            .unwrap_or(0)
    }
}

/// Groups `result` by file (sorted by name, like the findings), then by object (by start line).
/// Every scored object is included, with or without findings.
pub(crate) fn by_file(result: &ScanResult) -> Vec<FileGroup<'_>> {
    let mut files: BTreeMap<&str, FileGroup<'_>> = BTreeMap::new();
    fn file_entry<'a, 'm>(
        files: &'m mut BTreeMap<&'a str, FileGroup<'a>>,
        file: &'a str,
    ) -> &'m mut FileGroup<'a> {
        files.entry(file).or_insert_with(|| FileGroup {
            file,
            objects: Vec::new(),
            errors: Vec::new(),
        })
    }
    fn object_entry<'a, 'm>(
        group: &'m mut FileGroup<'a>,
        id: &'a ObjectId,
    ) -> &'m mut ObjectGroup<'a> {
        let index = match group.objects.iter().position(|o| o.id == id) {
            Some(index) => index,
            None => {
                group.objects.push(ObjectGroup {
                    id,
                    line: None,
                    score: None,
                    active: Vec::new(),
                    exempted: Vec::new(),
                });
                group.objects.len() - 1
            }
        };
        &mut group.objects[index]
    }

    for score in &result.scores {
        let group = file_entry(&mut files, &score.location.file);
        let object = object_entry(group, &score.object);
        object.line = Some(
            object
                .line
                .map_or(score.location.line, |l| l.min(score.location.line)),
        );
        object.score = Some(score.score);
    }
    for finding in &result.findings {
        let group = file_entry(&mut files, &finding.location.file);
        let object = object_entry(group, &finding.object);
        if finding.exemption.is_some() {
            object.exempted.push(finding);
        } else {
            object.active.push(finding);
        }
    }
    for error in &result.errors {
        file_entry(&mut files, &error.file).errors.push(error);
    }
    let mut groups: Vec<FileGroup<'_>> = files.into_values().collect();
    for group in &mut groups {
        group.objects.sort_by_key(|o| (o.sort_line(), o.id));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    #[test]
    fn groups_by_file_then_object() {
        let result = testdata::result();
        let groups = by_file(&result);
        let files: Vec<&str> = groups.iter().map(|g| g.file).collect();
        assert_eq!(files, ["broken.yaml", "deploy/web.yaml", "pod.yaml"]);
        let web = &groups[1];
        let objects: Vec<String> = web.objects.iter().map(|o| o.id.to_string()).collect();
        assert_eq!(objects, ["Deployment shop/web", "Service shop/web"]);
        assert_eq!(web.objects[0].active.len(), 2);
        assert_eq!(web.objects[0].exempted.len(), 1);
        assert!(web.objects[1].active.is_empty());
        assert_eq!(groups[0].errors.len(), 1);
    }
}
