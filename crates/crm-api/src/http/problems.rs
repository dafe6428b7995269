//! Every problem type this API answers with, declared once: the `type` of a
//! problem+json body is `/problems/{code}`, a page this server serves (RFC 9457: a URI
//! reference, resolved against the request's URL), and the document lists the codes.

/// One kind of problem: what its `code` means and what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemType {
    pub code: &'static str,
    pub status: u16,
    pub title: &'static str,
    pub about: &'static str,
}

const fn p(
    code: &'static str,
    status: u16,
    title: &'static str,
    about: &'static str,
) -> ProblemType {
    ProblemType {
        code,
        status,
        title,
        about,
    }
}

/// Every problem type, by status.
pub const ALL: &[ProblemType] = &[
    p(
        "merged",
        308,
        "Permanent redirect",
        "The record was merged into another; the Location header names the survivor, which holds its data now.",
    ),
    p(
        "invalid_parameter",
        400,
        "Bad request",
        "A query parameter, path parameter or header is malformed; `errors` names each one and says what it must be.",
    ),
    p(
        "malformed_json",
        400,
        "Bad request",
        "The body is not valid JSON. Check quoting and commas; the detail gives the position.",
    ),
    p(
        "malformed_form",
        400,
        "Bad request",
        "A multipart upload is not well formed: it needs a `file` part, and an optional `options` part holding JSON.",
    ),
    p(
        "unreadable_body",
        400,
        "Bad request",
        "The body could not be read (the connection broke, or the encoding is wrong).",
    ),
    p(
        "unauthorized",
        401,
        "Unauthorized",
        "Credentials are missing, invalid or expired. Send `Authorization: Bearer <token or API key>`; an expired access token is renewed with the refresh token.",
    ),
    p(
        "forbidden",
        403,
        "Forbidden",
        "The caller's role may not do this. An owner or admin can change the role or use a key that has it.",
    ),
    p(
        "signup_disabled",
        403,
        "Forbidden",
        "This server does not let new organisations sign up; an owner of an existing organisation can invite you.",
    ),
    p(
        "not_found",
        404,
        "Not found",
        "No record with this id exists in the caller's organisation (records of other organisations are never visible).",
    ),
    p(
        "route_not_found",
        404,
        "Not found",
        "No operation has this path. The paths are in /openapi.json; a path never ends with a slash.",
    ),
    p(
        "method_not_allowed",
        405,
        "Method not allowed",
        "The path exists, but not with this method; the Allow header lists those it takes.",
    ),
    p(
        "conflict",
        409,
        "Conflict",
        "The change conflicts with another record (a unique value such as an email or external_id is taken) or with a state rule.",
    ),
    p(
        "idempotency_in_progress",
        409,
        "Conflict",
        "A request with this Idempotency-Key is still running. Retry after it ends; its answer will then be replayed.",
    ),
    p(
        "erased",
        410,
        "Gone",
        "What the request with this Idempotency-Key wrote was erased at the data subject's request, and the answer kept for replay with it. Use a new key for a new request.",
    ),
    p(
        "precondition_failed",
        412,
        "Precondition failed",
        "If-Match names a version that is no longer current. Read the record again (the ETag header holds the current version), reapply the change and retry.",
    ),
    p(
        "payload_too_large",
        413,
        "Content too large",
        "The body is larger than the operation takes (1 MiB for JSON).",
    ),
    p(
        "batch_too_large",
        413,
        "Content too large",
        "A batch holds at most 100 items; split it.",
    ),
    p(
        "too_many_rows",
        413,
        "Content too large",
        "The import file has more rows than one import takes; split the file.",
    ),
    p(
        "file_too_large",
        413,
        "Content too large",
        "The import file is larger than one import takes (64 MiB); split it.",
    ),
    p(
        "unsupported_media_type",
        415,
        "Unsupported media type",
        "The body's Content-Type is not one the operation takes: application/json, or multipart/form-data for uploads.",
    ),
    p(
        "validation",
        422,
        "Unprocessable content",
        "The body is well formed but some fields are invalid; `errors` names each field (as a JSON path) with a code and a message.",
    ),
    p(
        "idempotency_key_reused",
        422,
        "Idempotency key reused",
        "This Idempotency-Key was used with another request in the last 24 hours; use a new key for a new request.",
    ),
    p(
        "rate_limited",
        429,
        "Too many requests",
        "The caller sent more requests than its limit; wait the Retry-After seconds. RateLimit and RateLimit-Policy say how much is left.",
    ),
    p(
        "internal",
        500,
        "Internal server error",
        "The server failed. The body holds only the request id; the operator finds the cause in the log under it.",
    ),
    p(
        "unavailable",
        503,
        "Service unavailable",
        "The database is unavailable or busy; retry after the Retry-After seconds.",
    ),
];

/// The type named `code`.
pub fn find(code: &str) -> Option<&'static ProblemType> {
    ALL.iter().find(|p| p.code == code)
}

/// The `type` of a problem with `code`: its page, or `about:blank` (RFC 9457's "no
/// further meaning") for a code not declared here.
pub fn type_uri(code: &str) -> String {
    match find(code) {
        Some(p) => format!("/problems/{}", p.code),
        None => "about:blank".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_declared_once_with_a_client_or_server_error_status() {
        for (i, p) in ALL.iter().enumerate() {
            assert!(
                ALL[..i].iter().all(|q| q.code != p.code),
                "{} twice",
                p.code
            );
            assert!((300..600).contains(&p.status), "{}", p.code);
            assert!(p.about.ends_with('.'), "{}", p.code);
        }
        assert_eq!(type_uri("validation"), "/problems/validation");
        assert_eq!(type_uri("nothing"), "about:blank");
    }

    /// Every code the API's sources give an error is declared here, so every `type`
    /// an answer carries resolves.
    #[test]
    fn every_code_the_sources_answer_with_is_declared() {
        let given = regex::Regex::new(r#"(?:StatusCode::[A-Z_]+,\s*|bad_request\(\s*)"([a-z_]+)""#)
            .unwrap();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        let mut found = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for c in given.captures_iter(&text) {
                        found += 1;
                        assert!(find(&c[1]).is_some(), "{} in {}", &c[1], path.display());
                    }
                }
            }
        }
        assert!(found > 20, "the scan found only {found} codes");
        assert!(find(crm_records::split::TOO_MANY_ROWS).is_some());
    }
}
