//! The on-disk store: `profiles.json` and one JSON file per attempt under `attempts/`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{AttemptRecord, Profile};

/// Something went wrong reading or writing the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An I/O error, with the path it concerns.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What happened.
        source: std::io::Error,
    },
    /// The data could not be encoded.
    #[error("cannot encode {0}")]
    Encode(String),
    /// No profile has this id.
    #[error("there is no profile with id {0}")]
    UnknownProfile(String),
    /// A profile name is empty.
    #[error("a profile needs a name")]
    EmptyName,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes a file atomically: a temporary file beside it, fsync, rename over
/// the target, then fsync the folder so the rename itself survives a power cut.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
        f.write_all(bytes).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
    }
    std::fs::rename(&tmp, path).map_err(io(path))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ProfilesFile {
    profiles: Vec<Profile>,
    last: Option<String>,
}

/// Why an attempt record was not loaded.
enum Unread {
    /// Written by a newer frontline in a format version this build does not know.
    Newer(u32),
    /// Unreadable: truncated, not JSON, or missing fields.
    Damaged(String),
}

/// Reads one attempt record, or says why it cannot be read. A record from a
/// newer frontline is told apart from a damaged one by its `format_version`,
/// so it is never set aside as damaged.
fn read_record(path: &Path) -> Result<AttemptRecord, Unread> {
    #[derive(Deserialize)]
    struct Version {
        format_version: u32,
    }
    let bytes = std::fs::read(path).map_err(|e| Unread::Damaged(e.to_string()))?;
    if let Ok(v) = serde_json::from_slice::<Version>(&bytes)
        && v.format_version > super::RECORD_VERSION
    {
        return Err(Unread::Newer(v.format_version));
    }
    serde_json::from_slice(&bytes).map_err(|e| Unread::Damaged(e.to_string()))
}

fn newer_message(path: &Path, version: u32) -> String {
    format!(
        "{} is from a newer version of frontline (record format {version}; this one reads up to {}); left where it is: update frontline to see it",
        path.display(),
        super::RECORD_VERSION
    )
}

/// What loading the attempts found.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Every readable attempt, by attempt id (so copies merge), oldest first.
    pub attempts: Vec<AttemptRecord>,
    /// Files that could not be read, each moved into `damaged/`, with why.
    pub set_aside: Vec<String>,
    /// Records written by a newer frontline, left untouched, with a message each.
    pub newer: Vec<String>,
}

/// The records folder of one machine (or a merged copy).
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// The store under a data directory.
    pub fn open(data_dir: &Path) -> Self {
        Store {
            root: data_dir.to_path_buf(),
        }
    }

    /// The data directory this store lives in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn attempts_dir(&self) -> PathBuf {
        self.root.join("attempts")
    }

    fn profiles_path(&self) -> PathBuf {
        self.root.join("profiles.json")
    }

    fn read_profiles(&self) -> ProfilesFile {
        let path = self.profiles_path();
        match std::fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(p) => p,
                Err(e) => {
                    let aside = self.set_aside(&path);
                    eprintln!(
                        "frontline: {} was damaged ({e}); moved it to {} and started a new list",
                        path.display(),
                        aside.display()
                    );
                    ProfilesFile::default()
                }
            },
            Err(_) => ProfilesFile::default(),
        }
    }

    fn write_profiles(&self, p: &ProfilesFile) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec_pretty(p).map_err(|e| StoreError::Encode(e.to_string()))?;
        write_atomically(&self.profiles_path(), &bytes)
    }

    /// Every profile, in creation order.
    pub fn profiles(&self) -> Vec<Profile> {
        self.read_profiles().profiles
    }

    /// The profile used last, if it still exists.
    pub fn last_profile(&self) -> Option<Profile> {
        let p = self.read_profiles();
        let last = p.last?;
        p.profiles.into_iter().find(|x| x.id == last)
    }

    /// Creates a profile and makes it the last used.
    pub fn create_profile(&self, name: &str) -> Result<Profile, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let mut p = self.read_profiles();
        let profile = Profile {
            id: super::new_attempt_id(),
            name: name.to_string(),
        };
        p.profiles.push(profile.clone());
        p.last = Some(profile.id.clone());
        self.write_profiles(&p)?;
        Ok(profile)
    }

    /// Renames a profile; its attempts keep pointing at it by id.
    pub fn rename_profile(&self, id: &str, name: &str) -> Result<Profile, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let mut p = self.read_profiles();
        let profile = p
            .profiles
            .iter_mut()
            .find(|x| x.id == id)
            .ok_or_else(|| StoreError::UnknownProfile(id.to_string()))?;
        profile.name = name.to_string();
        let renamed = profile.clone();
        self.write_profiles(&p)?;
        Ok(renamed)
    }

    /// Remembers who is training.
    pub fn select_profile(&self, id: &str) -> Result<(), StoreError> {
        let mut p = self.read_profiles();
        if !p.profiles.iter().any(|x| x.id == id) {
            return Err(StoreError::UnknownProfile(id.to_string()));
        }
        p.last = Some(id.to_string());
        self.write_profiles(&p)
    }

    /// Saves an attempt as `attempts/<attempt id>.json`.
    pub fn save_attempt(&self, record: &AttemptRecord) -> Result<PathBuf, StoreError> {
        let path = self
            .attempts_dir()
            .join(format!("{}.json", record.attempt_id));
        let bytes =
            serde_json::to_vec_pretty(record).map_err(|e| StoreError::Encode(e.to_string()))?;
        write_atomically(&path, &bytes)?;
        Ok(path)
    }

    fn set_aside(&self, path: &Path) -> PathBuf {
        let damaged = self.root.join("damaged");
        let _ = std::fs::create_dir_all(&damaged);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let target = damaged.join(format!("{}-{name}", super::now_rfc3339().replace(':', "")));
        let _ = std::fs::rename(path, &target);
        target
    }

    /// Loads every attempt. Unreadable files are moved into `damaged/` and
    /// reported; the rest load. Leftover temporary files from a crash are
    /// ignored (they never replaced a record).
    pub fn load_attempts(&self) -> LoadReport {
        let mut report = LoadReport::default();
        let dir = self.attempts_dir();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return report;
        };
        let mut by_id = BTreeMap::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') || !name.ends_with(".json") {
                continue;
            }
            match read_record(&path) {
                Ok(r) => {
                    by_id.insert(r.attempt_id.clone(), r);
                }
                Err(Unread::Newer(v)) => report.newer.push(newer_message(&path, v)),
                Err(Unread::Damaged(why)) => {
                    let aside = self.set_aside(&path);
                    report.set_aside.push(format!(
                        "{} could not be read ({why}); moved it to {}",
                        path.display(),
                        aside.display()
                    ));
                }
            }
        }
        report.attempts = by_id.into_values().collect();
        report
            .attempts
            .sort_by(|a, b| a.started_at.cmp(&b.started_at));
        report
    }
}

/// Reads attempt records from files and folders (recursively) without
/// changing anything: the coach's view of records copied from several
/// machines. Records with the same attempt id are merged into one.
pub fn read_records(paths: &[PathBuf]) -> LoadReport {
    fn walk(path: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
        match std::fs::metadata(path) {
            Err(e) => problems.push(format!("cannot read {}: {e}", path.display())),
            Ok(m) if m.is_dir() => {
                if let Ok(entries) = std::fs::read_dir(path) {
                    let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
                    children.sort();
                    for c in children {
                        let skip = c.file_name().is_some_and(|n| {
                            n == "damaged" || n.to_string_lossy().starts_with('.')
                        });
                        if !skip {
                            walk(&c, out, problems);
                        }
                    }
                }
            }
            Ok(_) => {
                if path.extension().is_some_and(|e| e == "json")
                    && path
                        .file_name()
                        .is_some_and(|n| n != "profiles.json" && n != "settings.json")
                {
                    out.push(path.to_path_buf());
                }
            }
        }
    }
    let mut files = Vec::new();
    let mut report = LoadReport::default();
    for p in paths {
        walk(p, &mut files, &mut report.set_aside);
    }
    let mut by_id = BTreeMap::new();
    for f in files {
        match read_record(&f) {
            Ok(r) => {
                by_id.insert(r.attempt_id.clone(), r);
            }
            Err(Unread::Newer(v)) => report.newer.push(newer_message(&f, v)),
            Err(Unread::Damaged(why)) => report.set_aside.push(format!(
                "{} is not a readable attempt record ({why}); skipped",
                f.display()
            )),
        }
    }
    report.attempts = by_id.into_values().collect();
    report
        .attempts
        .sort_by(|a, b| a.started_at.cmp(&b.started_at));
    report
}
