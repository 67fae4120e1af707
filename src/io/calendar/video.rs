//! Video-call links: what makes a meeting a video call.

/// Hosts of video-call services (a host matches itself and its subdomains), with the path a
/// meeting link must start with ("" for any).
const SERVICES: [(&str, &str); 11] = [
    ("zoom.us", "/"),
    ("zoomgov.com", "/"),
    ("meet.google.com", "/"),
    ("teams.microsoft.com", "/l/meetup-join"),
    ("teams.live.com", "/"),
    ("webex.com", "/"),
    ("meet.jit.si", "/"),
    ("8x8.vc", "/"),
    ("whereby.com", "/"),
    ("gotomeeting.com", "/join"),
    ("meet.goto.com", "/"),
];

/// Characters that end a link written in text (HTML, Markdown, angle brackets, quotes).
fn ends_link(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ')' | ']' | '|' | '\\' | '`')
}

/// The first Zoom, Google Meet, Teams, Webex, Jitsi, Whereby or GoTo meeting link in `text`,
/// as written (`https://…`), without trailing punctuation.
pub fn video_link(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("http") {
        let start = from + at;
        from = start + 4;
        let rest = &lower[start..];
        let Some(after) = rest
            .strip_prefix("https://")
            .or_else(|| rest.strip_prefix("http://"))
        else {
            continue;
        };
        let len = after.find(ends_link).unwrap_or(after.len());
        let url = &after[..len];
        let host_end = url.find(['/', '?', '#', ':']).unwrap_or(url.len());
        let host = &url[..host_end];
        let path = &url[host_end..];
        let matched = SERVICES.iter().any(|(service, prefix)| {
            let host_ok = host == *service
                || host
                    .strip_suffix(service)
                    .is_some_and(|sub| sub.ends_with('.'));
            host_ok && path.starts_with(prefix) && path.len() > 1
        });
        if matched {
            let link_len = rest.len() - after.len() + len;
            let link = &text[start..start + link_len];
            return Some(link.trim_end_matches(['.', ',', ';', ':', '!', '?']));
        }
    }
    None
}
