//! A cheap first test of whether a word can be in a small set of words.
//!
//! Every word of every sentence is checked against the names of known actors and the
//! words that start a proposal's title, and almost none of them is one. A hash
//! lookup costs tens of instructions; this test costs a few, and only the words that
//! pass it are looked up.

/// A 256-bit filter over words by length and first and last byte. A word whose bit
/// is not set is certainly not in the set; one whose bit is set may be.
#[derive(Clone, Debug, Default)]
pub(crate) struct WordFilter([u64; 4]);

impl WordFilter {
    fn bit(word: &str) -> usize {
        let b = word.as_bytes();
        let first = usize::from(b.first().copied().unwrap_or(0));
        let last = usize::from(b.last().copied().unwrap_or(0));
        (first.wrapping_mul(31) ^ last.wrapping_mul(7) ^ b.len().wrapping_mul(131)) & 255
    }

    /// Adds a word.
    pub fn insert(&mut self, word: &str) {
        let i = Self::bit(word);
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// False when `word` was certainly never inserted.
    pub fn may_contain(&self, word: &str) -> bool {
        let i = Self::bit(word);
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

/// A filter over words by their first two letters: a word whose pair was never
/// inserted certainly does not start like any inserted word. Words that do not start
/// with two letters a to z always pass, and inserting one makes every word pass.
#[derive(Clone, Debug, Default)]
pub(crate) struct PairFilter([u64; 11]);

impl PairFilter {
    fn pair(word: &str) -> Option<usize> {
        match word.as_bytes() {
            [a @ b'a'..=b'z', b @ b'a'..=b'z', ..] => {
                Some(usize::from(a - b'a') * 26 + usize::from(b - b'a'))
            }
            _ => None,
        }
    }

    /// Adds a word's first two letters; a word without them makes every word pass.
    pub fn insert(&mut self, word: &str) {
        match Self::pair(word) {
            Some(i) => self.0[i / 64] |= 1 << (i % 64),
            None => self.0 = [u64::MAX; 11],
        }
    }

    /// False when no inserted word starts with `word`'s first two letters.
    pub fn may_start(&self, word: &str) -> bool {
        Self::pair(word).is_none_or(|i| self.0[i / 64] & (1 << (i % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_words_always_pass_and_most_others_do_not() {
        let mut f = WordFilter::default();
        let names = ["zelenskyy", "driscoll", "european", "nato", "", "é"];
        for n in names {
            f.insert(n);
        }
        assert!(names.iter().all(|n| f.may_contain(n)));
        let others = [
            "the", "said", "plan", "on", "monday", "would", "support", "talks", "peace", "a",
        ];
        let passed = others.iter().filter(|w| f.may_contain(w)).count();
        assert!(passed <= 3, "{passed} of {} passed", others.len());
    }

    #[test]
    fn pairs_pass_what_was_inserted() {
        let mut f = PairFilter::default();
        f.insert("wealth");
        f.insert("referendum");
        assert!(f.may_start("wealthy") && f.may_start("refer") && f.may_start("42"));
        assert!(!f.may_start("said") && !f.may_start("plan"));
        f.insert("7");
        assert!(f.may_start("said"));
    }
}
