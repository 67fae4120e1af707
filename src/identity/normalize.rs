#[derive(Debug)]
pub struct Phone {
    pub e164: String,
}
pub fn email(raw: &str) -> Option<String> {
    Some(raw.trim().to_lowercase()).filter(|e| e.contains('@'))
}
pub fn phone(raw: &str, _region: Option<&str>) -> Option<Phone> {
    let d: String = raw.chars().filter(char::is_ascii_digit).collect();
    (raw.trim().starts_with('+') && d.len() > 6).then(|| Phone {
        e164: format!("+{d}"),
    })
}
pub fn profile_url(raw: &str) -> Option<String> {
    Some(raw.trim().to_lowercase())
}
