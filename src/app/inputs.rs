//! The articles named on the command line, with folders walked lazily.
//!
//! A corpus can be tens of thousands of files. Listing them all up front would make
//! a streamed run's memory grow with the corpus, so folders are walked one at a time:
//! only the sorted listing of each folder on the current path is held. Sorting keeps
//! the output order, and so the output bytes, the same from run to run.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Files in command-line order; a folder yields its `.txt` files and the contents of
/// its subfolders, by name, depth first.
pub struct Inputs<'a> {
    args: std::slice::Iter<'a, PathBuf>,
    /// One listing per open folder, each entry with whether it is a folder, reversed
    /// so that `pop` gives the next by name.
    stack: Vec<Vec<(PathBuf, bool)>>,
}

impl<'a> Inputs<'a> {
    pub fn new(args: &'a [PathBuf]) -> Self {
        Self {
            args: args.iter(),
            stack: Vec::new(),
        }
    }

    /// How many files the walk will yield; walks the folders once to count them.
    pub fn total(args: &[PathBuf]) -> Result<usize> {
        Inputs::new(args).try_fold(0, |n, p| p.map(|_| n + 1))
    }
}

fn listing(dir: &Path) -> Result<Vec<(PathBuf, bool)>> {
    let io = |source| Error::Io {
        path: dir.to_owned(),
        source,
    };
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let folder = path.is_dir();
        if folder || path.extension().is_some_and(|x| x == "txt") {
            entries.push((path, folder));
        }
    }
    entries.sort_unstable_by(|a, b| b.cmp(a));
    Ok(entries)
}

impl Iterator for Inputs<'_> {
    type Item = Result<PathBuf>;

    fn next(&mut self) -> Option<Result<PathBuf>> {
        loop {
            let (path, folder) = match self.stack.last_mut() {
                Some(open) => match open.pop() {
                    Some(entry) => entry,
                    None => {
                        self.stack.pop();
                        continue;
                    }
                },
                // A file named on the command line is read whatever its extension.
                None => self.args.next().map(|arg| (arg.clone(), arg.is_dir()))?,
            };
            if !folder {
                return Some(Ok(path));
            }
            match listing(&path) {
                Ok(entries) => self.stack.push(entries),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_by_name_depth_first() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::Io {
            path: PathBuf::from("tempdir"),
            source: e,
        })?;
        let root = dir.path();
        for f in [
            "b.txt",
            "a.txt",
            "notes.md",
            "sub/c.txt",
            "sub/deeper/d.txt",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap_or(root)).map_err(|e| Error::Io {
                path: p.clone(),
                source: e,
            })?;
            std::fs::write(&p, "x").map_err(|e| Error::Io {
                path: p.clone(),
                source: e,
            })?;
        }
        let args = vec![root.join("notes.md"), root.to_owned()];
        let got: Vec<PathBuf> = Inputs::new(&args).collect::<Result<_>>()?;
        let rel: Vec<String> = got
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap_or(p)
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            rel,
            [
                "notes.md",
                "a.txt",
                "b.txt",
                "sub/c.txt",
                "sub/deeper/d.txt"
            ]
        );
        assert_eq!(Inputs::total(&args)?, 5);
        Ok(())
    }
}
