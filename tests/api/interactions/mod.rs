//! The interactions area: every touch with a customer on every channel.

mod batch;
mod cases;
mod erasure;
mod imports;
mod inbound;
mod links;
pub(crate) mod logging;
mod service_levels;
mod tasks;
