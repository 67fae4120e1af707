//! The sync key: what the person keeps (a recovery key or a passphrase), the file key derived
//! from it, and the folder's key check that tells a right key from a wrong one before
//! anything else in the folder is read.
//!
//! **Recovery key.** 128 random bits and a 32-bit CRC of them, written as 32 characters of
//! Crockford's base32 in 8 groups of 4 (`7KQ3-M9XD-…`): digits and capital letters without
//! I, L, O and U, so nothing reads as something else. Reading one ([`RecoveryKey::parse`])
//! ignores case, spaces and dashes, and takes `O` for `0` and `I`/`L` for `1`. The CRC-32
//! catches every single mistyped character and every swap of two neighbours (both change at
//! most 10 consecutive bits, and a CRC-32 detects every error burst up to 32 bits), so a typo
//! is told as a typo before any key is derived, not as "wrong key" after a second of work.
//!
//! **Passphrase.** Any text of at least [`MIN_PASSPHRASE_CHARS`] characters, taken in Unicode
//! NFC form without leading and trailing white space (so the same passphrase typed on a Mac
//! and on Linux, or pasted with a newline, is the same).
//!
//! **File key.** 256 bits from Argon2id (RFC 9106) of the secret's bytes with the folder's
//! 16-byte random salt and the folder's cost parameters ([`KdfParams`], stored in the key
//! check so every device derives the same key; [`KdfParams::DEFAULT`] says what it costs).
//! The key's id ([`SyncKey::id`], 8 bytes) is a MAC of a fixed text under the key: written in
//! every change file's header, it tells "written with another key" from "altered" without
//! revealing anything about the key.
//!
//! **Key check** (`<folder>/kith/keycheck`, [`create_keycheck`], [`open_keycheck`]): the
//! salt, the cost parameters, which kind of secret the folder uses, and a fixed text
//! encrypted with the file key. A joining device derives the key and decrypts that text; if
//! it fails the key is wrong ([`Error::WrongSyncKey`]) and nothing else was read or written.
//! Byte layout (little-endian):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `KITHKEYC` |
//! | 8 | 2 | format version (1) |
//! | 10 | 1 | secret kind: 1 recovery key, 2 passphrase |
//! | 11 | 1 | reserved (0) |
//! | 12 | 4 | Argon2id memory, KiB |
//! | 16 | 4 | Argon2id passes |
//! | 20 | 4 | Argon2id lanes |
//! | 24 | 16 | salt |
//! | 40 | 24 | nonce |
//! | 64 | 32 | XChaCha20-Poly1305 of `kith keycheck v1` (16 bytes + 16-byte tag), bytes 0..64 as associated data |
//! | 96 | 4 | CRC-32 of bytes 0..96 |

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

use super::{kith_dir, write_new_file, KEYCHECK_NAME};
use crate::error::{Error, Result, SyncFileProblem};

/// A passphrase must have at least this many characters (Unicode scalar values).
pub const MIN_PASSPHRASE_CHARS: usize = 12;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const KEY_CHARS: usize = 32;

/// A generated recovery key: 128 random bits the person keeps (shown once, needed to add a
/// device). `Display` writes it in 8 groups of 4 characters; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey {
    secret: [u8; 16],
}

impl RecoveryKey {
    /// A new random recovery key from the operating system's random source.
    pub fn generate() -> Result<Self> {
        Ok(Self { secret: random()? })
    }

    /// The key as the person typed it: case, spaces and dashes do not matter; `O` reads as
    /// `0`, `I` and `L` as `1`. A wrong length, a character no key has, or a typo its check
    /// digits catch is [`Error::SyncKeyTypo`].
    pub fn parse(text: &str) -> Result<Self> {
        let typo = |message: String| Error::SyncKeyTypo { message };
        let mut values = Zeroizing::new(Vec::with_capacity(KEY_CHARS));
        for (at, c) in text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .enumerate()
        {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let value = ALPHABET.iter().position(|&a| char::from(a) == c);
            match value {
                Some(v) => values.push(v as u8),
                None => {
                    return Err(typo(format!(
                        "\"{c}\" (character {}) is not in any recovery key: a recovery key has \
                         only digits and the letters A to Z without I, L, O and U",
                        at + 1
                    )))
                }
            }
        }
        if values.len() != KEY_CHARS {
            return Err(typo(format!(
                "a recovery key has {KEY_CHARS} letters and digits (8 groups of 4); this one has \
                 {}",
                values.len()
            )));
        }
        let mut bytes = Zeroizing::new([0u8; 20]);
        for (i, v) in values.iter().enumerate() {
            for bit in 0..5 {
                if v & (0b10000 >> bit) != 0 {
                    let at = i * 5 + bit;
                    bytes[at / 8] |= 0x80 >> (at % 8);
                }
            }
        }
        let mut secret = [0u8; 16];
        secret.copy_from_slice(&bytes[..16]);
        if crc32fast::hash(&secret).to_be_bytes() != bytes[16..] {
            secret.zeroize();
            return Err(typo(
                "this recovery key has a typo (its check characters do not match): compare it \
                 with the copy you kept"
                    .into(),
            ));
        }
        Ok(Self { secret })
    }

    fn encoded(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new([0u8; 20]);
        bytes[..16].copy_from_slice(&self.secret);
        bytes[16..].copy_from_slice(&crc32fast::hash(&self.secret).to_be_bytes());
        let mut out = Zeroizing::new(String::with_capacity(KEY_CHARS + 7));
        for i in 0..KEY_CHARS {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            let mut v = 0usize;
            for bit in 0..5 {
                let at = i * 5 + bit;
                v = (v << 1) | usize::from(bytes[at / 8] & (0x80 >> (at % 8)) != 0);
            }
            out.push(char::from(ALPHABET[v]));
        }
        out
    }
}

impl Drop for RecoveryKey {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

impl fmt::Display for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encoded())
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

impl FromStr for RecoveryKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

/// What the person keeps to open a sync folder.
#[derive(Clone)]
pub enum SyncSecret {
    RecoveryKey(RecoveryKey),
    Passphrase(Zeroizing<String>),
}

impl fmt::Debug for SyncSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SyncSecret::RecoveryKey(_) => "SyncSecret::RecoveryKey(…)",
            SyncSecret::Passphrase(_) => "SyncSecret::Passphrase(…)",
        })
    }
}

/// Which kind of secret a folder was set up with (recorded in its key check, so a joining
/// device can ask for the right one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    RecoveryKey,
    Passphrase,
}

impl SyncSecret {
    /// A passphrase as typed (normalised to NFC, without surrounding white space).
    pub fn passphrase(text: &str) -> Self {
        SyncSecret::Passphrase(Zeroizing::new(text.trim().nfc().collect()))
    }

    pub fn kind(&self) -> SecretKind {
        match self {
            SyncSecret::RecoveryKey(_) => SecretKind::RecoveryKey,
            SyncSecret::Passphrase(_) => SecretKind::Passphrase,
        }
    }

    fn material(&self) -> &[u8] {
        match self {
            SyncSecret::RecoveryKey(key) => &key.secret,
            SyncSecret::Passphrase(text) => text.as_bytes(),
        }
    }
}

/// Argon2id's cost: memory in KiB, passes over it, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl KdfParams {
    /// 256 MiB, 3 passes, 1 lane. One derivation took 0.47–0.65 s on the 2-core build machine
    /// (measured by the ignored test `sync::key::tests::measure_default_derivation`; figures
    /// in docs/SYNC.md), within the 0.3–1 s aimed at: paid when a folder is set up or joined
    /// and once per start of the app, and what each guess of an attacker holding the folder
    /// costs. RFC 9106's second recommended option (64 MiB, 3 passes) took 0.1 s here, so
    /// four times its memory.
    pub const DEFAULT: KdfParams = KdfParams {
        m_kib: 256 * 1024,
        t: 3,
        p: 1,
    };

    /// Cheap parameters (64 KiB, 1 pass) for tests only: no protection against guessing.
    pub const INSECURE_FOR_TESTS: KdfParams = KdfParams {
        m_kib: 64,
        t: 1,
        p: 1,
    };

    /// The largest costs a key check may ask for (1 GiB, 64 passes, 16 lanes): a damaged or
    /// hostile file must not make a device allocate without bound.
    const MAX: KdfParams = KdfParams {
        m_kib: 1024 * 1024,
        t: 64,
        p: 16,
    };

    fn argon2(self) -> Option<argon2::Argon2<'static>> {
        if self.m_kib > Self::MAX.m_kib || self.t > Self::MAX.t || self.p > Self::MAX.p {
            return None;
        }
        let params = argon2::Params::new(self.m_kib, self.t, self.p, Some(32)).ok()?;
        Some(argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            params,
        ))
    }
}

/// The 256-bit key change files are encrypted with. `Debug` never shows it; it is wiped from
/// memory when dropped.
#[derive(Clone)]
pub struct SyncKey {
    key: [u8; 32],
    id: [u8; 8],
}

impl fmt::Debug for SyncKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SyncKey(id {})", hex(&self.id))
    }
}

impl Drop for SyncKey {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

impl SyncKey {
    /// Derives the file key from a secret with Argon2id. Parameters out of bounds (see
    /// [`KdfParams`]) are refused.
    pub fn derive(secret: &SyncSecret, salt: &[u8; 16], params: KdfParams) -> Result<Self> {
        let argon2 = params.argon2().ok_or_else(|| {
            Error::invalid(
                "kdf",
                format!(
                    "Argon2id costs out of range ({} KiB, {} passes, {} lanes)",
                    params.m_kib, params.t, params.p
                ),
            )
        })?;
        let mut key = [0u8; 32];
        argon2
            .hash_password_into(secret.material(), salt, &mut key)
            .map_err(|e| Error::invalid("kdf", format!("Argon2id refused: {e}")))?;
        Ok(Self::from_bytes(key))
    }

    /// The key from its bytes, as this device keeps it once a folder is set up or joined.
    pub(crate) fn from_bytes(key: [u8; 32]) -> Self {
        let mut this = Self { key, id: [0; 8] };
        let tag = this
            .seal(&[0; 24], b"kith sync key id v1", b"")
            .expect("sealing an empty message cannot fail");
        this.id.copy_from_slice(&tag[..8]);
        this
    }

    /// The key's public id: equal ids mean (with overwhelming likelihood) equal keys; it
    /// reveals nothing about the key.
    pub fn id(&self) -> [u8; 8] {
        self.id
    }

    /// The key's bytes, for this device to keep (in its own database, never in the folder).
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.key
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&Key::from(self.key))
    }

    /// XChaCha20-Poly1305 of `msg` with `aad` authenticated alongside: ciphertext then tag.
    pub(crate) fn seal(&self, nonce: &[u8; 24], aad: &[u8], msg: &[u8]) -> Option<Vec<u8>> {
        self.cipher()
            .encrypt(&XNonce::from(*nonce), Payload { msg, aad })
            .ok()
    }

    /// The plaintext of [`SyncKey::seal`]'s output, or `None` if it fails authentication.
    pub(crate) fn open(&self, nonce: &[u8; 24], aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        self.cipher()
            .decrypt(&XNonce::from(*nonce), Payload { msg: sealed, aad })
            .ok()
    }
}

/// `n` bytes from the operating system's random source.
pub(crate) fn random<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| Error::Io {
        path: "the system's random number source".into(),
        message: e.to_string(),
    })?;
    Ok(out)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const KEYCHECK_MAGIC: &[u8; 8] = b"KITHKEYC";
const KEYCHECK_VERSION: u16 = 1;
const KEYCHECK_LEN: usize = 100;
const KEYCHECK_TEXT: &[u8; 16] = b"kith keycheck v1";

/// What a folder's key check says in clear: which secret it was set up with and how the key
/// is derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCheck {
    pub kind: SecretKind,
    pub params: KdfParams,
    pub salt: [u8; 16],
    nonce: [u8; 24],
    sealed: [u8; 32],
}

impl KeyCheck {
    fn encode(&self) -> [u8; KEYCHECK_LEN] {
        let mut out = [0u8; KEYCHECK_LEN];
        out[..8].copy_from_slice(KEYCHECK_MAGIC);
        out[8..10].copy_from_slice(&KEYCHECK_VERSION.to_le_bytes());
        out[10] = match self.kind {
            SecretKind::RecoveryKey => 1,
            SecretKind::Passphrase => 2,
        };
        out[12..16].copy_from_slice(&self.params.m_kib.to_le_bytes());
        out[16..20].copy_from_slice(&self.params.t.to_le_bytes());
        out[20..24].copy_from_slice(&self.params.p.to_le_bytes());
        out[24..40].copy_from_slice(&self.salt);
        out[40..64].copy_from_slice(&self.nonce);
        out[64..96].copy_from_slice(&self.sealed);
        let crc = crc32fast::hash(&out[..96]);
        out[96..].copy_from_slice(&crc.to_le_bytes());
        out
    }

    /// Reads a key check's bytes; no key needed.
    pub fn decode(bytes: &[u8]) -> std::result::Result<Self, SyncFileProblem> {
        let damaged = |reason: &str| SyncFileProblem::Damaged {
            reason: reason.into(),
        };
        super::file::check_magic(bytes, KEYCHECK_MAGIC, KEYCHECK_LEN as u64)?;
        let version = u16::from_le_bytes([bytes[8], bytes[9]]);
        if version > KEYCHECK_VERSION {
            return Err(SyncFileProblem::NewerFormat {
                found: version,
                supported: KEYCHECK_VERSION,
            });
        }
        if bytes.len() < KEYCHECK_LEN {
            return Err(SyncFileProblem::Incomplete {
                expected: KEYCHECK_LEN as u64,
                found: bytes.len() as u64,
            });
        }
        if bytes.len() > KEYCHECK_LEN {
            return Err(damaged("longer than a key check"));
        }
        let crc = u32::from_le_bytes(bytes[96..100].try_into().expect("4 bytes"));
        if crc != crc32fast::hash(&bytes[..96]) || version == 0 {
            return Err(damaged("its checksum does not match"));
        }
        let kind = match bytes[10] {
            1 => SecretKind::RecoveryKey,
            2 => SecretKind::Passphrase,
            _ => return Err(damaged("unknown kind of secret")),
        };
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4"));
        Ok(KeyCheck {
            kind,
            params: KdfParams {
                m_kib: u32_at(12),
                t: u32_at(16),
                p: u32_at(20),
            },
            salt: bytes[24..40].try_into().expect("16 bytes"),
            nonce: bytes[40..64].try_into().expect("24 bytes"),
            sealed: bytes[64..96].try_into().expect("32 bytes"),
        })
    }

    /// The key this check was made with, if `secret` derives it.
    pub fn unlock(&self, secret: &SyncSecret) -> Result<Option<SyncKey>> {
        let key = SyncKey::derive(secret, &self.salt, self.params)?;
        let aad = &self.encode()[..64];
        let opened = key.open(&self.nonce, aad, &self.sealed);
        Ok(opened
            .filter(|text| text.as_slice() == KEYCHECK_TEXT)
            .map(|_| key))
    }
}

/// Sets up `folder` for sync: writes `<folder>/kith/keycheck` for `secret` with a new random
/// salt and returns the file key. Refuses a folder that has a key check already
/// ([`SyncFileProblem::AlreadyExists`]: join it with [`open_keycheck`] instead), and a
/// passphrase shorter than [`MIN_PASSPHRASE_CHARS`].
pub fn create_keycheck(folder: &Path, secret: &SyncSecret, params: KdfParams) -> Result<SyncKey> {
    if let SyncSecret::Passphrase(text) = secret {
        let chars = text.chars().count();
        if chars < MIN_PASSPHRASE_CHARS {
            return Err(Error::invalid(
                "passphrase",
                format!(
                    "a sync passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; this \
                     one has {chars}"
                ),
            ));
        }
    }
    super::check_folder(folder)?;
    let salt = random()?;
    let key = SyncKey::derive(secret, &salt, params)?;
    let mut check = KeyCheck {
        kind: secret.kind(),
        params,
        salt,
        nonce: random()?,
        sealed: [0; 32],
    };
    let aad = check.encode();
    let sealed = key
        .seal(&check.nonce, &aad[..64], KEYCHECK_TEXT)
        .expect("sealing 16 bytes cannot fail");
    check.sealed.copy_from_slice(&sealed);
    write_new_file(&kith_dir(folder), KEYCHECK_NAME, &check.encode())?;
    Ok(key)
}

/// Reads `<folder>/kith/keycheck` without a key: which secret to ask for.
pub fn read_keycheck(folder: &Path) -> Result<KeyCheck> {
    let path = kith_dir(folder).join(KEYCHECK_NAME);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, &e))?;
    KeyCheck::decode(&bytes).map_err(|problem| Error::SyncFile {
        path: path.display().to_string(),
        problem,
    })
}

/// Joins a sync folder: the file key, if `secret` is the folder's; [`Error::WrongSyncKey`]
/// if not. Reads the key check only and writes nothing.
pub fn open_keycheck(folder: &Path, secret: &SyncSecret) -> Result<SyncKey> {
    let check = read_keycheck(folder)?;
    let wrong = || Error::WrongSyncKey {
        folder: folder.display().to_string(),
    };
    if check.kind != secret.kind() {
        return Err(wrong());
    }
    check.unlock(secret)?.ok_or_else(wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_keys_read_back_however_they_are_typed() {
        let key = RecoveryKey::generate().expect("random");
        let text = key.to_string();
        assert_eq!(text.len(), 39);
        assert_eq!(text.split('-').count(), 8);
        assert!(text.split('-').all(|g| g.len() == 4));
        assert_eq!(RecoveryKey::parse(&text).expect("parse"), key);
        let sloppy = format!(" {} \n", text.to_lowercase().replace('-', " "));
        assert_eq!(RecoveryKey::parse(&sloppy).expect("parse"), key);
        let confusable = text.replace('0', "o").replace('1', "l");
        assert_eq!(RecoveryKey::parse(&confusable).expect("parse"), key);
        assert_eq!(format!("{key:?}"), "RecoveryKey(…)");
    }

    #[test]
    fn every_single_typo_and_neighbour_swap_is_caught() {
        for _ in 0..8 {
            let key = RecoveryKey::generate().expect("random");
            let chars: Vec<u8> = key.to_string().replace('-', "").into_bytes();
            for at in 0..chars.len() {
                for &c in ALPHABET {
                    if c == chars[at] {
                        continue;
                    }
                    let mut typo = chars.clone();
                    typo[at] = c;
                    let typo = String::from_utf8(typo).expect("ascii");
                    assert!(
                        matches!(RecoveryKey::parse(&typo), Err(Error::SyncKeyTypo { .. })),
                        "{typo} passed"
                    );
                }
                if at + 1 < chars.len() && chars[at] != chars[at + 1] {
                    let mut swap = chars.clone();
                    swap.swap(at, at + 1);
                    let swap = String::from_utf8(swap).expect("ascii");
                    assert!(RecoveryKey::parse(&swap).is_err(), "{swap} passed");
                }
            }
        }
    }

    #[test]
    fn malformed_keys_say_what_is_wrong() {
        let err = RecoveryKey::parse("ABCD-EFGH").unwrap_err();
        assert!(err.to_string().contains("has 8"), "{err}");
        let err = RecoveryKey::parse("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-678U").unwrap_err();
        assert!(err.to_string().contains("\"U\" (character 32)"), "{err}");
        let key = RecoveryKey::generate().expect("random").to_string();
        let last = key.chars().last().expect("a character");
        let other = if last == '0' { '1' } else { '0' };
        let typo = format!("{}{other}", &key[..key.len() - 1]);
        let err = RecoveryKey::parse(&typo).unwrap_err();
        assert!(err.to_string().contains("has a typo"), "{err}");
    }

    #[test]
    fn derivation_depends_on_secret_salt_and_costs() {
        let p = KdfParams::INSECURE_FOR_TESTS;
        let secret = SyncSecret::passphrase("correct horse battery staple");
        let a = SyncKey::derive(&secret, &[1; 16], p).expect("derive");
        let again = SyncKey::derive(
            &SyncSecret::passphrase("  correct horse battery staple\n"),
            &[1; 16],
            p,
        )
        .expect("derive");
        assert_eq!(a.id(), again.id());
        let other_salt = SyncKey::derive(&secret, &[2; 16], p).expect("derive");
        let other_cost = SyncKey::derive(&secret, &[1; 16], KdfParams { t: 2, ..p }).expect("");
        let other_secret = SyncKey::derive(
            &SyncSecret::passphrase("correct horse battery stapl"),
            &[1; 16],
            p,
        )
        .expect("derive");
        for other in [other_salt, other_cost, other_secret] {
            assert_ne!(a.id(), other.id());
        }
        let huge = KdfParams {
            m_kib: u32::MAX,
            ..p
        };
        assert!(SyncKey::derive(&secret, &[1; 16], huge).is_err());
        assert!(!format!("{a:?}").contains(&hex(&a.key)));
    }

    #[test]
    fn nfc_and_nfd_passphrases_are_the_same() {
        let p = KdfParams::INSECURE_FOR_TESTS;
        let nfc = SyncSecret::passphrase("Zoë's café is open");
        let nfd = SyncSecret::passphrase("Zoe\u{308}'s cafe\u{301} is open");
        let a = SyncKey::derive(&nfc, &[3; 16], p).expect("derive");
        let b = SyncKey::derive(&nfd, &[3; 16], p).expect("derive");
        assert_eq!(a.id(), b.id());
    }

    /// Prints how long one derivation with [`KdfParams::DEFAULT`] takes here. Run with
    /// `cargo test -p kith --lib measure_default_derivation -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a test"]
    #[allow(clippy::print_stdout)]
    fn measure_default_derivation() {
        let secret = SyncSecret::RecoveryKey(RecoveryKey::generate().expect("random"));
        for params in [
            KdfParams::DEFAULT,
            KdfParams {
                m_kib: 64 * 1024,
                t: 3,
                p: 1,
            },
            KdfParams {
                m_kib: 128 * 1024,
                t: 3,
                p: 1,
            },
        ] {
            for _ in 0..3 {
                let start = std::time::Instant::now();
                SyncKey::derive(&secret, &[7; 16], params).expect("derive");
                println!("{params:?}: {:?}", start.elapsed());
            }
        }
    }
}
