//! The interactions area: every touch with a customer on every channel.

mod links;
mod logging;
mod tasks;
