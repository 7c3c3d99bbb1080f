//! Responsibility manifest (谁产生、谁负责): CSV `path,unit,drafter[,reviewer,batch]`; `path` is a
//! file path or glob relative to the manifest's folder. An exact path wins over a glob; among
//! globs the first row in the file wins.

use crate::policy::ConfigError;
use globset::{Glob, GlobMatcher};
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Row {
    pub unit: String,
    pub drafter: String,
    pub reviewer: Option<String>,
    pub batch: Option<String>,
}

pub struct Manifest {
    exact: Vec<(PathBuf, Row)>,
    globs: Vec<(GlobMatcher, Row)>,
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
            headers
                .iter()
                .position(|h| h.trim().trim_start_matches('\u{FEFF}') == n)
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
            let is_glob = p.contains(['*', '?', '[', '{']);
            let full = dir.join(&p);
            if is_glob {
                let pattern = full.to_string_lossy().replace('\\', "/");
                let g = Glob::new(&pattern)
                    .map_err(|e| err(line, format!("invalid glob `{p}`: {e}")))?;
                globs.push((g.compile_matcher(), row));
            } else {
                exact.push((lexical_abs(&full), row));
            }
        }
        Ok(Manifest { exact, globs })
    }

    /// The row responsible for an item path (as reached from the command line).
    pub fn lookup(&self, item_path: &Path) -> Option<&Row> {
        let abs = lexical_abs(item_path);
        if let Some((_, r)) = self.exact.iter().find(|(p, _)| *p == abs) {
            return Some(r);
        }
        let s = abs.to_string_lossy().replace('\\', "/");
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
