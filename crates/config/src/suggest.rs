//! "Did you mean" suggestions for misspelt keys and check ids.

/// The candidate closest to `given`, if it is close enough to be a likely typo.
///
/// Spellings that differ only in case, `-` or `_` (`trusted_registries` for `trustedRegistries`)
/// always match; otherwise the edit distance may be at most a third of the candidate's length
/// (and at least 1).
pub(crate) fn closest<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let folded = fold(given);
    if let Some(same) = candidates.iter().find(|c| fold(c) == folded) {
        return Some(same);
    }
    candidates
        .iter()
        .map(|c| (distance(&folded, &fold(c)), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn fold(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance, with an adjacent transposition counted as one edit.
fn distance(a: &[char], b: &[char]) -> usize {
    // Three rows: two rows back (for transpositions), previous, current.
    let mut back2 = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(back2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut back2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str) -> usize {
        distance(
            &a.chars().collect::<Vec<_>>(),
            &b.chars().collect::<Vec<_>>(),
        )
    }

    #[test]
    fn edit_distance() {
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("severty", "severity"), 1);
        assert_eq!(d("sevreity", "severity"), 1);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("same", "same"), 0);
    }

    #[test]
    fn suggests_only_close_candidates() {
        let keys = ["enabled", "severity"];
        assert_eq!(closest("severty", &keys), Some("severity"));
        assert_eq!(closest("enable", &keys), Some("enabled"));
        assert_eq!(closest("Enabled", &keys), Some("enabled"));
        assert_eq!(closest("priority", &keys), None);
        assert_eq!(closest("x", &keys), None);
        let top = ["checks", "trustedRegistries", "requiredLabels"];
        assert_eq!(
            closest("trusted_registries", &top),
            Some("trustedRegistries")
        );
        assert_eq!(closest("required-labels", &top), Some("requiredLabels"));
        assert_eq!(closest("check", &top), Some("checks"));
    }
}
