//! Imports of people: started by an upload checked against the person fields, run by a
//! worker (`import` jobs). Watching and cancelling any import is
//! `crm_records::import::service::Imports`.

use super::CustomersPorts;
use crate::import::run::PeopleImporter;
use crate::import::{ImportOptions, PEOPLE, Target};
use crm_core::jobs::JobHandler;
use crm_core::{Actor, DomainError, DomainResult};
use crm_records::import::run::ImportJob;
use crm_records::import::upload::Upload;
use std::sync::Arc;

/// The people import use cases.
#[derive(Clone)]
pub struct Imports(pub(super) Arc<CustomersPorts>);

impl Imports {
    /// Starts an upload of people read as `options` say; feed it the file, then finish it.
    pub async fn upload(
        &self,
        actor: &Actor,
        options: ImportOptions,
    ) -> DomainResult<Upload<Target>> {
        if options.resource != PEOPLE {
            return Err(DomainError::internal(
                "a people upload was asked for another resource",
            ));
        }
        let defs = self
            .0
            .custom_fields
            .list(actor, crate::custom_field::PERSON)
            .await?;
        Upload::start(self.0.imports.clone(), actor, options, defs).await
    }

    /// The job that runs people imports.
    pub(crate) fn job(&self) -> Arc<dyn JobHandler> {
        Arc::new(ImportJob {
            kind: PEOPLE.job_kind(),
            queue: self.0.imports.clone(),
            importer: PeopleImporter(self.0.clone()),
        })
    }
}
