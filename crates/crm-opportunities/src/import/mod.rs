//! Importing this area's records from CSV or NDJSON on the shared import machinery
//! (`crm_records::import`): orders (a shop's history) and opportunities (a deal list
//! from another CRM).

pub mod opportunity;
pub mod order;

pub use opportunity::{OPPORTUNITIES, OpportunitiesImporter};
pub use order::{ORDERS, OrdersImporter};
