//! A real SMTP server on loopback for email tests: it speaks enough of RFC 5321 for a
//! client (greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every message
//! it accepts, and can refuse the next recipients with a code of the test's choosing.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A message as the server accepted it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// Headers and body, as sent (dot-stuffing undone).
    pub data: String,
}

impl Mail {
    /// The value of header `name` (first occurrence, unfolded only as far as one line).
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_lowercase());
        self.data
            .lines()
            .take_while(|l| !l.is_empty())
            .find(|l| l.to_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_string())
    }

    /// The body after the headers, decoded when it is quoted-printable (RFC 2045: `=XX`
    /// escapes, `=` at a line's end joins it to the next), as a reader sees it.
    pub fn body(&self) -> String {
        let raw = self
            .data
            .split_once("\r\n\r\n")
            .or_else(|| self.data.split_once("\n\n"))
            .map(|(_, b)| b)
            .unwrap_or("");
        let qp = self
            .header("Content-Transfer-Encoding")
            .is_some_and(|e| e.eq_ignore_ascii_case("quoted-printable"));
        if !qp {
            return raw.to_string();
        }
        let joined = raw.replace("=\r\n", "").replace("=\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
                (b'=', Some(b)) => {
                    out.push(b);
                    i += 3;
                }
                (c, _) => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[derive(Default)]
struct Shared {
    mail: Mutex<Vec<Mail>>,
    refusals: Mutex<VecDeque<String>>,
}

/// A server listening on `port`.
pub struct SmtpServer {
    pub port: u16,
    shared: Arc<Shared>,
}

fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 test.invalid ESMTP\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_string();
        let verb = cmd
            .split([' ', ':'])
            .next()
            .unwrap_or_default()
            .to_uppercase();
        let reply: String = match verb.as_str() {
            "EHLO" | "HELO" => "250 test.invalid".into(),
            "MAIL" => {
                from = cmd.clone();
                to.clear();
                "250 ok".into()
            }
            "RCPT" => match shared.refusals.lock().unwrap().pop_front() {
                Some(code) => code,
                None => {
                    to.push(cmd.clone());
                    "250 ok".into()
                }
            },
            "DATA" => {
                out.write_all(b"354 end with .\r\n")?;
                let mut data = String::new();
                loop {
                    let mut l = String::new();
                    if lines.read_line(&mut l)? == 0 {
                        return Ok(());
                    }
                    if l == ".\r\n" || l == ".\n" {
                        break;
                    }
                    data.push_str(
                        l.strip_prefix('.')
                            .filter(|_| l.starts_with(".."))
                            .unwrap_or(&l),
                    );
                }
                shared.mail.lock().unwrap().push(Mail {
                    from: from.clone(),
                    to: to.clone(),
                    data,
                });
                "250 queued".into()
            }
            "RSET" | "NOOP" => "250 ok".into(),
            "QUIT" => {
                out.write_all(b"221 bye\r\n")?;
                return Ok(());
            }
            _ => "502 not implemented".into(),
        };
        out.write_all(format!("{reply}\r\n").as_bytes())?;
    }
}

impl SmtpServer {
    /// Starts a server on a free loopback port.
    pub fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the SMTP server");
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared::default());
        let s = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let s = s.clone();
                std::thread::spawn(move || session(stream, s));
            }
        });
        SmtpServer { port, shared }
    }

    /// `smtp://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Refuses the next recipient with `reply` (`550 no such user`, `451 try later`).
    pub fn refuse_next(&self, reply: &str) {
        self.shared
            .refusals
            .lock()
            .unwrap()
            .push_back(reply.to_string());
    }

    /// Every message accepted so far.
    pub fn mail(&self) -> Vec<Mail> {
        self.shared.mail.lock().unwrap().clone()
    }
}
