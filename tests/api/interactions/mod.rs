//! The interactions area: every touch with a customer on every channel.

mod batch;
mod cases;
mod erasure;
mod imports;
mod inbound;
mod links;
mod logging;
mod service_levels;
mod tasks;
