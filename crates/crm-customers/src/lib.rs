//! Customers domain: people as one shared record with contact points, lifecycle stage
//! and its history, owner, source and tags; the rules that keep them valid, and the
//! ports persistence implements.

pub mod address;
pub mod batch;
pub mod catalogue;
pub mod company;
pub mod consent;
pub mod contact;
pub mod custom_field;
pub mod duplicates;
pub mod events;
pub mod import;
pub mod jobs;
pub mod lifecycle;
pub mod merge;
pub mod patch;
pub mod person;
pub mod ports;
pub mod service;
pub mod tag;
pub mod timeline;

pub use lifecycle::LifecycleStage;
pub use person::{NewPerson, Person, PersonPatch};
pub use service::CustomersService;
