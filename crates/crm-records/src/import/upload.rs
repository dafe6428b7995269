//! Receiving an import's file as it streams in: the header is checked against the
//! mapping of the resource's fields (`T`) before anything is stored, then whole-row
//! chunks are stored one by one. A failed upload leaves nothing behind.

use super::mapping::{Mapping, Target};
use super::ports::{ImportQueue, NewImport};
use super::rows;
use super::scan::{Chunk, FILE_TOO_LARGE, Splitter, TOO_MANY_ROWS};
use super::{Import, ImportFormat, ImportOptions};
use crate::custom_field::CustomField;
use crm_core::{Actor, DomainError, DomainResult, FieldError};
use std::marker::PhantomData;
use std::sync::Arc;

/// An upload in progress of an import whose columns feed `T`s.
pub struct Upload<T> {
    queue: Arc<dyn ImportQueue>,
    target: PhantomData<T>,
    actor: Actor,
    options: ImportOptions,
    defs: Vec<CustomField>,
    splitter: Splitter,
    import: Option<Import>,
}

fn invalid(e: FieldError) -> DomainError {
    for code in [TOO_MANY_ROWS, FILE_TOO_LARGE] {
        if e.code == code {
            return DomainError::TooLarge {
                code,
                detail: e.message,
            };
        }
    }
    DomainError::Validation(vec![e])
}

impl<T: Target> Upload<T> {
    /// Starts an upload checked against the resource's custom fields `defs`. An NDJSON
    /// import's mapping is checked now (it has no header).
    pub async fn start(
        queue: Arc<dyn ImportQueue>,
        actor: &Actor,
        options: ImportOptions,
        defs: Vec<CustomField>,
    ) -> DomainResult<Upload<T>> {
        let mut up = Upload {
            queue,
            target: PhantomData,
            actor: actor.clone(),
            splitter: Splitter::new(options.format),
            options,
            defs,
            import: None,
        };
        if up.options.format == ImportFormat::Ndjson {
            let columns: Vec<String> = up
                .options
                .mapping
                .iter()
                .flatten()
                .map(|(c, _)| c.clone())
                .collect();
            let mapping = match &up.options.mapping {
                Some(given) => Some(Mapping::<T>::check(Some(given), None, &up.defs)),
                None => None,
            };
            up.create(
                columns,
                mapping.transpose().map_err(DomainError::Validation)?,
            )
            .await?;
        }
        Ok(up)
    }

    async fn create(
        &mut self,
        columns: Vec<String>,
        mapping: Option<Mapping<T>>,
    ) -> DomainResult<()> {
        if let Some(on) = self.options.match_on
            && !T::KEYS.contains(&on)
        {
            let keys: Vec<&str> = T::KEYS.iter().map(|k| k.as_str()).collect();
            return Err(DomainError::field(
                "match_on",
                "invalid_value",
                format!(
                    "an import of {} matches on {}",
                    T::RECORDS,
                    keys.join(" or ")
                ),
            ));
        }
        if let (Some(on), Some(m)) = (self.options.match_on, &mapping)
            && !m.feeds(on)
        {
            return Err(DomainError::field(
                "match_on",
                "missing_target",
                format!("no column feeds {}, the key to match on", on.as_str()),
            ));
        }
        let mapping = mapping.map(|m| m.pairs()).unwrap_or_default();
        let import = self
            .queue
            .create(
                &self.actor,
                NewImport {
                    options: self.options.clone(),
                    columns,
                    mapping,
                },
            )
            .await?;
        self.import = Some(import);
        Ok(())
    }

    /// Checks the CSV header against the mapping and creates the import.
    async fn start_csv(&mut self, header: &[u8]) -> DomainResult<()> {
        let columns = rows::header(header).map_err(invalid)?;
        let mapping =
            Mapping::<T>::check(self.options.mapping.as_deref(), Some(&columns), &self.defs)
                .map_err(DomainError::Validation)?;
        self.create(columns, Some(mapping)).await
    }

    async fn store(&mut self, chunks: Vec<Chunk>) -> DomainResult<()> {
        if self.import.is_none()
            && let Some(h) = self.splitter.header().map(<[u8]>::to_vec)
        {
            self.start_csv(&h).await?;
        }
        let Some(import) = &self.import else {
            return Ok(());
        };
        for c in chunks {
            self.queue.add_chunk(&self.actor, import.id, c).await?;
        }
        Ok(())
    }

    /// Takes the next bytes of the file.
    pub async fn feed(&mut self, bytes: &[u8]) -> DomainResult<()> {
        let chunks = self.splitter.feed(bytes).map_err(invalid)?;
        self.store(chunks).await
    }

    /// Ends the file and queues the import.
    pub async fn finish(&mut self) -> DomainResult<Import> {
        let (header, last) = self.splitter.finish().map_err(invalid)?;
        if self.import.is_none()
            && let Some(h) = header
        {
            self.start_csv(&h).await?;
        }
        self.store(last.into_iter().collect()).await?;
        let Some(import) = &self.import else {
            return Err(invalid(FieldError::new(
                "file",
                "empty_file",
                "the file is empty",
            )));
        };
        self.queue
            .uploaded(
                &self.actor,
                import.id,
                self.splitter.rows(),
                self.splitter.bytes(),
            )
            .await
    }

    /// Removes whatever the upload stored (after an error, or when the client went away).
    pub async fn abort(&self) -> DomainResult<()> {
        match &self.import {
            Some(import) => self.queue.discard(&self.actor, import.id).await,
            None => Ok(()),
        }
    }
}
