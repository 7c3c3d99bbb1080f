//! `users.toml`: who may call the service. Only the sha256 of each bearer token is stored.
//!
//! ```toml
//! [[user]]
//! name = "王保密"
//! role = "officer"          # drafter | officer | gateway | admin
//! unit = "住房保障处"        # required for drafters and officers
//! token_sha256 = "…64 hex…"
//! ```

use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Drafter,
    Officer,
    Gateway,
    Admin,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "drafter" => Some(Role::Drafter),
            "officer" => Some(Role::Officer),
            "gateway" => Some(Role::Gateway),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Drafter => "drafter",
            Role::Officer => "officer",
            Role::Gateway => "gateway",
            Role::Admin => "admin",
        }
    }
    /// Chinese label for pages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Drafter => "拟稿人",
            Role::Officer => "保密员",
            Role::Gateway => "发布网关",
            Role::Admin => "管理员",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub role: Role,
    pub unit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    name: String,
    role: String,
    #[serde(default)]
    unit: Option<String>,
    token_sha256: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    user: Vec<RawUser>,
}

/// The users, indexed by the sha256 of their token.
#[derive(Debug, Clone, Default)]
pub struct Users {
    by_hash: HashMap<String, User>,
}

impl Users {
    /// Parse a users file's text; `file` names it in errors.
    pub fn parse(src: &str, file: &str) -> Result<Users, String> {
        let raw: RawFile = toml::from_str(src).map_err(|e| format!("{file}: {e}"))?;
        let mut by_hash = HashMap::new();
        let mut names = std::collections::HashSet::new();
        for (i, u) in raw.user.into_iter().enumerate() {
            let at = format!("{file}: user #{} ({})", i + 1, u.name);
            if u.name.trim().is_empty() {
                return Err(format!("{at}: empty name"));
            }
            let role = Role::parse(&u.role).ok_or_else(|| {
                format!(
                    "{at}: unknown role {:?} (drafter|officer|gateway|admin)",
                    u.role
                )
            })?;
            let unit = u.unit.filter(|s| !s.trim().is_empty());
            if matches!(role, Role::Drafter | Role::Officer) && unit.is_none() {
                return Err(format!("{at}: a {} needs a unit", role.as_str()));
            }
            let h = u.token_sha256.trim().to_ascii_lowercase();
            if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("{at}: token_sha256 must be 64 hex digits"));
            }
            if !names.insert(u.name.clone()) {
                return Err(format!("{at}: duplicate name"));
            }
            let user = User {
                name: u.name,
                role,
                unit,
            };
            if by_hash.insert(h, user).is_some() {
                return Err(format!("{at}: duplicate token"));
            }
        }
        Ok(Users { by_hash })
    }

    pub fn load(path: &Path) -> Result<Users, String> {
        let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Users::parse(&src, &path.display().to_string())
    }

    /// The user holding this bearer token.
    pub fn by_token(&self, token: &str) -> Option<&User> {
        self.by_hash.get(&crate::sha256_hex(token.as_bytes()))
    }

    /// The user whose token has this sha256 (sessions keep the hash, not the token).
    pub fn by_token_sha256(&self, h: &str) -> Option<&User> {
        self.by_hash.get(h)
    }

    pub fn len(&self) -> usize {
        self.by_hash.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }
}

/// The users of a file, in file order (without tokens).
pub fn list_users(path: &Path) -> Result<Vec<User>, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Users::parse(&src, &path.display().to_string())?;
    let raw: RawFile = toml::from_str(&src).map_err(|e| e.to_string())?;
    Ok(raw
        .user
        .into_iter()
        .filter_map(|u| {
            Some(User {
                role: Role::parse(&u.role)?,
                name: u.name,
                unit: u.unit,
            })
        })
        .collect())
}

/// Random bytes from the operating system.
pub fn random_bytes(n: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = vec![0u8; n];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut buf)?;
    Ok(buf)
}

/// A new random token (64 hex digits, 256 bits).
pub fn new_token() -> std::io::Result<String> {
    Ok(crate::hex(&random_bytes(32)?))
}

/// Append a user to the users file (created if missing) and return its new token.
pub fn add_user(path: &Path, name: &str, role: Role, unit: Option<&str>) -> Result<String, String> {
    let existing = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let file = path.display().to_string();
    let raw: RawFile = toml::from_str(&existing).map_err(|e| format!("{file}: {e}"))?;
    if raw.user.iter().any(|u| u.name == name) {
        return Err(format!("{file}: a user named {name:?} exists already"));
    }
    if name.trim().is_empty() {
        return Err("the name must not be empty".into());
    }
    let unit = unit.filter(|u| !u.trim().is_empty());
    if matches!(role, Role::Drafter | Role::Officer) && unit.is_none() {
        return Err(format!("a {} needs --unit", role.as_str()));
    }
    let token = new_token().map_err(|e| format!("cannot read /dev/urandom: {e}"))?;
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut entry = String::new();
    if !existing.is_empty() && !existing.ends_with('\n') {
        entry.push('\n');
    }
    if !existing.is_empty() {
        entry.push('\n');
    }
    entry.push_str("[[user]]\n");
    entry.push_str(&format!("name = {}\n", q(name)));
    entry.push_str(&format!("role = {}\n", q(role.as_str())));
    if let Some(u) = unit {
        entry.push_str(&format!("unit = {}\n", q(u)));
    }
    entry.push_str(&format!(
        "token_sha256 = {}\n",
        q(&crate::sha256_hex(token.as_bytes()))
    ));
    // validate the whole result before writing it
    Users::parse(&format!("{existing}{entry}"), &file)?;
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("{file}: {e}"))?;
    f.write_all(entry.as_bytes())
        .map_err(|e| format!("{file}: {e}"))?;
    f.sync_all().map_err(|e| format!("{file}: {e}"))?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_lookup() {
        let h = crate::sha256_hex(b"tok");
        let src = format!(
            "[[user]]\nname = \"甲\"\nrole = \"officer\"\nunit = \"办公室\"\ntoken_sha256 = \"{h}\"\n"
        );
        let u = Users::parse(&src, "t").unwrap();
        assert_eq!(u.by_token("tok").unwrap().role, Role::Officer);
        assert!(u.by_token("other").is_none());
    }

    #[test]
    fn officer_needs_unit() {
        let h = crate::sha256_hex(b"tok");
        let src = format!("[[user]]\nname = \"甲\"\nrole = \"officer\"\ntoken_sha256 = \"{h}\"\n");
        assert!(Users::parse(&src, "t").is_err());
    }

    #[test]
    fn add_appends() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("users.toml");
        let t1 = add_user(&p, "甲", Role::Drafter, Some("办公室")).unwrap();
        let t2 = add_user(&p, "乙", Role::Gateway, None).unwrap();
        assert_ne!(t1, t2);
        let u = Users::load(&p).unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u.by_token(&t2).unwrap().name, "乙");
        assert!(add_user(&p, "甲", Role::Drafter, Some("x")).is_err());
    }
}
