//! A real HTTP receiver on loopback for webhook tests: an actix-web server on its own
//! thread that records every request and answers from a script (200 when the script is
//! empty).

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// One request as the receiver got it.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_default()
    }
}

/// An answer to give: a status and headers.
type Answer = (u16, Vec<(String, String)>);

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    script: Mutex<VecDeque<Answer>>,
}

async fn receive(req: HttpRequest, body: web::Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let headers = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_lowercase(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    shared.received.lock().unwrap().push(Received {
        path: req.path().to_string(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let (status, extra) = shared
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or((200, Vec::new()));
    let mut res = HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
    for (k, v) in extra {
        res.insert_header((k, v));
    }
    res.body("ok")
}

/// A receiver listening on `url`.
pub struct Receiver {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    shared: Arc<Shared>,
}

impl Receiver {
    /// Starts a receiver on a free loopback port.
    pub fn start() -> Receiver {
        let shared = Arc::new(Shared::default());
        let data = web::Data::from(shared.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(data.clone())
                        .default_service(web::to(receive))
                })
                .workers(1)
                .bind(("127.0.0.1", 0))
                .expect("bind the receiver");
                let port = server.addrs()[0].port();
                let running = server.run();
                tx.send(port).expect("report the port");
                let _ = running.await;
            });
        });
        let port = rx.recv().expect("the receiver's port");
        Receiver {
            url: format!("http://127.0.0.1:{port}"),
            shared,
        }
    }

    /// Answers the next request with `status` and `headers` (then 200 again).
    pub fn answer(&self, status: u16, headers: &[(&str, &str)]) {
        self.shared.script.lock().unwrap().push_back((
            status,
            headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ));
    }

    /// Every request so far, in the order they came.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }
}
