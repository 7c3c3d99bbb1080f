//! Responsibility manifest (谁产生、谁负责): CSV `path,unit,drafter[,reviewer,batch]`; `path` is a
//! file path or glob relative to the manifest's folder. An exact path wins over a glob; among
//! globs the first row in the file wins.

use crate::policy::ConfigError;
use globset::{Glob, GlobMatcher};
use std::path::{Component, Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone)]
pub struct Row {
    pub unit: String,
    pub drafter: String,
    pub reviewer: Option<String>,
    pub batch: Option<String>,
}

pub struct Manifest {
    /// Absolute paths as [`key`] strings.
    exact: Vec<(String, Row)>,
    globs: Vec<(GlobMatcher, Row)>,
    /// Rows naming a file (no glob) that does not exist: (line of the manifest, path as
    /// written). Most likely a typo: that file's responsibility will not be found.
    missing: Vec<(usize, String)>,
}

/// A glob row as a pattern over absolute paths. The manifest's own folder (and the `.`/`..`
/// steps that lead out of it) is literal text, whatever characters it holds (`资料[2025]/`).
fn glob_pattern(dir: &Path, row: &str) -> String {
    if Path::new(row).is_absolute() {
        return row.to_string();
    }
    let mut base = dir.to_path_buf();
    let mut rest = row;
    loop {
        if let Some(r) = rest.strip_prefix("./") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("../") {
            base.pop();
            rest = r;
        } else {
            break;
        }
        rest = rest.trim_start_matches('/');
    }
    let mut out = globset::escape(&key(&base));
    if !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(rest);
    out
}

/// An absolute path as compared with manifest rows: `/` separators and NFC, so that a name
/// typed on one system matches the same name stored by another (`é` precomposed on Linux and
/// Windows, decomposed by macOS).
fn key(abs: &Path) -> String {
    abs.to_string_lossy().replace('\\', "/").nfc().collect()
}

/// Lexically absolute, normalized path (no filesystem access, `.`/`..` resolved).
pub fn lexical_abs(p: &Path) -> PathBuf {
    let base = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut out = PathBuf::new();
    for c in base.join(p).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest, ConfigError> {
        let name = path.display().to_string();
        let err = |line: Option<usize>, message: String| ConfigError {
            file: name.clone(),
            line,
            message,
        };
        let bytes =
            std::fs::read(path).map_err(|e| err(None, format!("cannot read manifest: {e}")))?;
        let text = crate::item::decode_text(&bytes).text;
        let dir = lexical_abs(path.parent().unwrap_or(Path::new(".")));
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| err(Some(1), format!("invalid header: {e}")))?
            .clone();
        let col = |n: &str| {
            headers.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{FEFF}')
                    .eq_ignore_ascii_case(n)
            })
        };
        let (Some(pc), Some(uc), Some(dc)) = (col("path"), col("unit"), col("drafter")) else {
            return Err(err(
                Some(1),
                "header must be `path,unit,drafter` (optional `reviewer`, `batch`)".into(),
            ));
        };
        let (rc, bc) = (col("reviewer"), col("batch"));
        let mut exact = Vec::new();
        let mut globs = Vec::new();
        let mut missing = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map(|p| p.line() as usize);
                err(line, format!("invalid row: {e}"))
            })?;
            let line = rec.position().map(|p| p.line() as usize);
            let get = |i: usize| rec.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
            let p = get(pc);
            if p.is_empty() {
                return Err(err(line, "empty `path`".into()));
            }
            let opt = |c: Option<usize>| c.map(get).filter(|s| !s.is_empty());
            let row = Row {
                unit: get(uc),
                drafter: get(dc),
                reviewer: opt(rc),
                batch: opt(bc),
            };
            if row.unit.is_empty() && row.drafter.is_empty() {
                return Err(err(line, "row names neither `unit` nor `drafter`".into()));
            }
            // Windows separators (`docs\sub\a.txt`, from Excel on Windows) in every row
            let p: String = p.replace('\\', "/").nfc().collect();
            let full = dir.join(&p);
            // an exact path is always tried literally, even with glob characters in it
            // (`通知[1].txt` as a browser saves a second download)
            let literal = lexical_abs(&full);
            let literal_key = key(&literal);
            if !p.contains(['*', '?', '[', '{']) && !literal.exists() {
                missing.push((line.unwrap_or(0), p.clone()));
            }
            if p.contains(['*', '?', '[', '{']) {
                let pattern = glob_pattern(&dir, &p);
                match Glob::new(&pattern) {
                    Ok(g) => globs.push((g.compile_matcher(), row.clone())),
                    // not a valid glob: a literal name of an existing file is fine
                    Err(_) if literal.exists() => {}
                    Err(e) => return Err(err(line, format!("invalid glob `{p}`: {e}"))),
                }
            }
            exact.push((literal_key, row));
        }
        Ok(Manifest {
            exact,
            globs,
            missing,
        })
    }

    /// Rows naming a file that does not exist: (line of the manifest, path as written).
    pub fn missing_rows(&self) -> &[(usize, String)] {
        &self.missing
    }

    /// The row responsible for an item path (as reached from the command line).
    pub fn lookup(&self, item_path: &Path) -> Option<&Row> {
        let s = key(&lexical_abs(item_path));
        if let Some((_, r)) = self.exact.iter().find(|(p, _)| *p == s) {
            return Some(r);
        }
        self.globs
            .iter()
            .find(|(g, _)| g.is_match(&s))
            .map(|(_, r)| r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_glob() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("manifest.csv");
        std::fs::write(
            &m,
            "path,unit,drafter\ndocs/a.txt,法规处,张三\ndocs/*.csv,住房保障处,李四\n",
        )
        .unwrap();
        let man = Manifest::load(&m).unwrap();
        assert_eq!(
            man.lookup(&d.path().join("docs/a.txt")).unwrap().unit,
            "法规处"
        );
        assert_eq!(
            man.lookup(&d.path().join("docs/./b.csv")).unwrap().drafter,
            "李四"
        );
        assert!(man.lookup(&d.path().join("docs/c.txt")).is_none());
        // docs/a.txt is not on disk: a row naming a missing file is reported; a glob is not
        assert_eq!(man.missing_rows(), &[(2, "docs/a.txt".to_string())]);
        std::fs::create_dir_all(d.path().join("docs")).unwrap();
        std::fs::write(d.path().join("docs/a.txt"), "x").unwrap();
        assert!(Manifest::load(&m).unwrap().missing_rows().is_empty());
    }

    /// (files on disk, manifest folder, manifest rows, item → expected unit or None)
    type Case<'a> = (
        &'a [&'a str],
        &'a str,
        &'a str,
        &'a [(&'a str, Option<&'a str>)],
    );

    #[test]
    fn literal_names_separators_and_folders() {
        let cases: &[Case] = &[
            // a browser-download name with glob characters, as an exact row
            (
                &["docs/通知[1].txt", "docs/通知1.txt"],
                "",
                "docs/通知[1].txt,法规处,乙\n",
                &[
                    ("docs/通知[1].txt", Some("法规处")),
                    ("docs/通知1.txt", Some("法规处")),
                ],
            ),
            (
                &["docs/a{b}.txt", "docs/a?.txt"],
                "",
                "docs/a{b}.txt,法规处,乙\ndocs/a?.txt,办公室,甲\n",
                &[
                    ("docs/a{b}.txt", Some("法规处")),
                    ("docs/a?.txt", Some("办公室")),
                ],
            ),
            // an invalid glob that names an existing file literally
            (
                &["docs/a[.txt"],
                "",
                "docs/a[.txt,法规处,乙\n",
                &[("docs/a[.txt", Some("法规处"))],
            ),
            // the manifest in a folder with glob characters in its name
            (
                &["资料[2025]/docs/a.txt", "资料[2025]/docs/x/b.csv"],
                "资料[2025]",
                "docs/*.txt,法规处,乙\n**/*.csv,办公室,甲\n",
                &[
                    ("资料[2025]/docs/a.txt", Some("法规处")),
                    ("资料[2025]/docs/x/b.csv", Some("办公室")),
                ],
            ),
            (
                &["a*b/docs/a.txt"],
                "a*b",
                "./docs/*.txt,法规处,乙\n",
                &[("a*b/docs/a.txt", Some("法规处"))],
            ),
            // Windows separators, exact and glob rows
            (
                &["docs/sub/a.txt", "docs/sub/b.csv"],
                "",
                "docs\\sub\\a.txt,法规处,乙\ndocs\\sub\\*.csv,办公室,甲\n",
                &[
                    ("docs/sub/a.txt", Some("法规处")),
                    ("docs/sub/b.csv", Some("办公室")),
                ],
            ),
            // a glob leading out of the manifest's folder
            (
                &["cfg/m/x", "docs/a.txt"],
                "cfg",
                "../docs/*.txt,法规处,乙\n",
                &[("docs/a.txt", Some("法规处"))],
            ),
            // NFD in the manifest, NFC on disk; and the other way round
            (
                &["docs/Re\u{301}sume\u{301}.txt", "docs/Résumé2.txt"],
                "",
                "docs/Résumé.txt,法规处,乙\ndocs/Re\u{301}sume\u{301}2.txt,办公室,甲\n",
                &[
                    ("docs/Re\u{301}sume\u{301}.txt", Some("法规处")),
                    ("docs/Résumé2.txt", Some("办公室")),
                ],
            ),
            // near misses: a glob still globs, a literal row names only its own file
            (
                &["docs/通知1.txt", "docs/通知[2].txt"],
                "",
                "docs/通知[1].txt,法规处,乙\n",
                &[
                    ("docs/通知1.txt", Some("法规处")),
                    ("docs/通知[2].txt", None),
                ],
            ),
        ];
        for (files, mdir, rows, expect) in cases {
            let d = tempfile::tempdir().unwrap();
            for f in *files {
                let p = d.path().join(f);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, "x").unwrap();
            }
            let m = d.path().join(mdir).join("manifest.csv");
            std::fs::create_dir_all(m.parent().unwrap()).unwrap();
            std::fs::write(&m, format!("Path, Unit ,drafter\n{rows}")).unwrap();
            let man = Manifest::load(&m).unwrap_or_else(|e| panic!("{rows}: {e}"));
            for (item, unit) in *expect {
                let got = man.lookup(&d.path().join(item)).map(|r| r.unit.as_str());
                assert_eq!(got, *unit, "{rows} → {item}");
            }
        }
    }

    #[test]
    fn errors_name_line() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.csv");
        std::fs::write(&m, "file,who\n").unwrap();
        assert_eq!(Manifest::load(&m).err().unwrap().line, Some(1));
        std::fs::write(&m, "path,unit,drafter\na,b,c\nx,y\n").unwrap();
        let e = Manifest::load(&m).err().unwrap();
        assert_eq!(e.line, Some(3), "{e}");
        std::fs::write(&m, "path,unit,drafter\na[,b,c\n").unwrap();
        assert_eq!(Manifest::load(&m).err().unwrap().line, Some(2));
        assert!(Manifest::load(&d.path().join("missing.csv")).is_err());
    }
}
