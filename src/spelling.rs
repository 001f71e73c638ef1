//! How close two spellings are: for misspelled names in articles ("Zelenksyy") and
//! misspelled field names in graph files ("statments").

/// Damerau-Levenshtein distance (optimal string alignment) between short words, so a
/// swapped pair of letters ("Zelenksyy") counts as one edit.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    // Names are short: compare bytes when both are ASCII, and keep three rows only.
    if a.is_ascii() && b.is_ascii() {
        osa(a.as_bytes(), b.as_bytes())
    } else {
        osa(
            &a.chars().collect::<Vec<_>>(),
            &b.chars().collect::<Vec<_>>(),
        )
    }
}

fn osa<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    // Rows live on the stack for names of up to 31 characters: this runs for every
    // capitalised word that is not a known name.
    const ROW: usize = 32;
    let n = b.len();
    if n >= ROW {
        return osa_rows(
            a,
            b,
            &mut vec![0; n + 1],
            &mut vec![0; n + 1],
            &mut vec![0; n + 1],
        );
    }
    let (mut r0, mut r1, mut r2) = ([0; ROW], [0; ROW], [0; ROW]);
    osa_rows(a, b, &mut r0[..=n], &mut r1[..=n], &mut r2[..=n])
}

fn osa_rows<'r, T: PartialEq>(
    a: &[T],
    b: &[T],
    mut before: &'r mut [usize],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> usize {
    let n = b.len();
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[n]
}

/// The candidate nearest to `word`, when it is close enough to be what was meant:
/// at most two edits, and fewer than half the word's letters.
pub(crate) fn nearest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= 2 && *d * 2 < word.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_are_one_edit_away() {
        assert_eq!(edit_distance("zelenksyy", "zelenskyy"), 1);
        assert_eq!(edit_distance("zelenskiy", "zelenskyy"), 1);
        assert_eq!(edit_distance("zelensky", "zelenskyy"), 1);
        // Letters beyond ASCII count as one each; long words take the heap rows.
        assert_eq!(edit_distance("zelenskyj", "зеленський"), 10);
        assert_eq!(edit_distance("müller", "muller"), 1);
        let long = "a".repeat(40);
        assert_eq!(edit_distance(&long, &format!("{long}b")), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn the_nearest_spelling_is_offered_only_when_close() {
        let fields = ["actors", "proposals", "claims", "sources", "statements"];
        assert_eq!(nearest("statments", &fields), Some("statements"));
        assert_eq!(nearest("actros", &fields), Some("actors"));
        assert_eq!(nearest("notes", &fields), None);
        assert_eq!(nearest("x", &fields), None);
    }
}
