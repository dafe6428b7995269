//! Importing people from CSV or NDJSON on the shared import machinery
//! (`crm_records::import`): the fields a column may feed, the reading of a row into a
//! person write (with its company link and the lists it adds to a matched person), and
//! the port that writes a batch.

pub mod mapping;
pub mod ports;
pub mod row;
pub mod run;

pub use crm_records::import::{
    Import, ImportFormat, ImportOptions, ImportResource, ImportStatus, MatchOn, Progress, RowError,
    ports::NewImport, scan,
};
pub use mapping::{Mapping, Target};

/// People imports; their jobs keep the kind `import` they have always had.
pub const PEOPLE: ImportResource = ImportResource::new("people", "import");
