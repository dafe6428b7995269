//! The request context (id and path) of the request being served, reachable from
//! anywhere in its task so that every error body and log line can carry it.

use std::cell::RefCell;

/// What the current request is.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    pub request_id: String,
    pub path: String,
}

tokio::task_local! {
    static CURRENT: RefCell<RequestContext>;
}

/// Runs `fut` with `ctx` as the current request.
pub async fn scope<F: std::future::Future>(ctx: RequestContext, fut: F) -> F::Output {
    CURRENT.scope(RefCell::new(ctx), fut).await
}

/// The current request's context, or an empty one outside a request.
pub fn current() -> RequestContext {
    CURRENT.try_with(|c| c.borrow().clone()).unwrap_or_default()
}

/// The current request id, if any.
pub fn request_id() -> Option<String> {
    CURRENT
        .try_with(|c| c.borrow().request_id.clone())
        .ok()
        .filter(|s| !s.is_empty())
}
