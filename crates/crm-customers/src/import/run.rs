//! Checking and writing the rows of a people import (the shared run loop is
//! `crm_records::import::run`): a row creates a person, or updates the one its key
//! matches adding to its lists, and links the company it names.

use super::mapping::Mapping;
use super::row::{self, CompanyCells, RowInput};
use crate::address::{self, Address, SocialProfile};
use crate::batch::{BatchOp, MatchKey};
use crate::company::{self, CompanyInput, NewCompany};
use crate::contact::{self, EmailPoint, PhonePoint};
use crate::custom_field::CustomField;
use crate::person::{self, Person, PersonPatch};
use crate::service::CustomersPorts;
use crate::tag;
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use crm_core::error::Errors;
use crm_core::{Actor, DomainError, DomainResult, Email, FieldError};
use crm_records::import::rows::{Checked, RawRow};
use crm_records::import::run::RowImporter;
use crm_records::import::{Import, ImportFormat, Progress};
use std::sync::Arc;
use uuid::Uuid;

/// Contact points and tags a row adds to a person it matches (they are not replaced).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Additions {
    pub emails: Vec<EmailPoint>,
    pub phones: Vec<PhonePoint>,
    pub tags: Vec<String>,
    pub addresses: Vec<Address>,
    pub social_profiles: Vec<SocialProfile>,
}

impl Additions {
    pub fn is_empty(&self) -> bool {
        self.emails.is_empty()
            && self.phones.is_empty()
            && self.tags.is_empty()
            && self.addresses.is_empty()
            && self.social_profiles.is_empty()
    }

    /// Sets `patch`'s lists to `before`'s plus what this row adds that it lacks; a list
    /// that would grow past its limit is an error naming it, and nothing is changed.
    pub fn apply_to(
        &self,
        before: &Person,
        patch: &mut PersonPatch,
    ) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut limit = |field: &str, len: usize, max: usize| {
            if len > max {
                errors.push(FieldError::new(
                    field,
                    "too_many",
                    format!("with this row the person would have {len} {field}; at most {max}"),
                ));
            }
        };
        let fresh = |a: &Address| !before.addresses.iter().any(|b| address::same_place(a, b));
        limit(
            "addresses",
            before.addresses.len() + self.addresses.iter().filter(|a| fresh(a)).count(),
            address::MAX_ITEMS,
        );
        limit(
            "social_profiles",
            before.social_profiles.len()
                + self
                    .social_profiles
                    .iter()
                    .filter(|p| !before.social_profiles.contains(p))
                    .count(),
            address::MAX_ITEMS,
        );
        if self
            .emails
            .iter()
            .any(|e| !before.emails.iter().any(|b| b.address == e.address))
        {
            let mut all = before.emails.clone();
            for e in &self.emails {
                if !all.iter().any(|b| b.address == e.address) {
                    all.push(EmailPoint {
                        primary: all.is_empty(),
                        ..e.clone()
                    });
                }
            }
            limit("emails", all.len(), contact::MAX_CONTACT_POINTS);
            patch.emails = Some(all);
        }
        if self
            .phones
            .iter()
            .any(|p| !before.phones.iter().any(|b| b.number == p.number))
        {
            let mut all = before.phones.clone();
            for p in &self.phones {
                if !all.iter().any(|b| b.number == p.number) {
                    all.push(PhonePoint {
                        primary: all.is_empty(),
                        ..p.clone()
                    });
                }
            }
            limit("phones", all.len(), contact::MAX_CONTACT_POINTS);
            patch.phones = Some(all);
        }
        let addresses = address::join_addresses(&before.addresses, &self.addresses);
        if addresses != before.addresses {
            patch.addresses = Some(addresses);
        }
        let profiles = address::join_profiles(&before.social_profiles, &self.social_profiles);
        if profiles != before.social_profiles {
            patch.social_profiles = Some(profiles);
        }
        if self.tags.iter().any(|t| !before.tags.contains(t)) {
            let mut all = before.tags.clone();
            all.extend(
                self.tags
                    .iter()
                    .filter(|t| !before.tags.contains(t))
                    .cloned(),
            );
            limit("tags", all.len(), tag::MAX_TAGS_PER_RECORD);
            patch.tags = Some(all);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The company a row links its person to: found by domain, then by name, else created.
#[derive(Debug, Clone)]
pub struct CompanyLink {
    pub name: Option<String>,
    pub domain: Option<String>,
    pub title: Option<String>,
    pub role: Option<String>,
    /// The company to create when none is found.
    pub create: Result<NewCompany, Vec<FieldError>>,
}

/// One checked row, ready to write.
#[derive(Debug)]
pub struct ImportOp {
    pub op: BatchOp,
    pub additions: Additions,
    pub company: Option<CompanyLink>,
}

/// One row of a people import's batch.
pub type ImportItem = Checked<ImportOp>;

/// Everything a row check needs, read once per run.
pub struct Context {
    mapping: Mapping,
    match_on: Option<super::MatchOn>,
    region: Option<String>,
    today: NaiveDate,
    people: Vec<CustomField>,
    companies: Vec<CustomField>,
}

fn validation(e: DomainError) -> Vec<FieldError> {
    match e {
        DomainError::Validation(f) => f,
        other => vec![FieldError::new("", "invalid", other.to_string())],
    }
}

fn company_link(ctx: &Context, cells: CompanyCells) -> Result<CompanyLink, Vec<FieldError>> {
    let mut e = Errors::new();
    let name = person::text(&mut e, "company.name", cells.name, 200);
    let domain = company::domain(&mut e, cells.domain);
    let title = person::text(&mut e, "company.title", cells.title, 200);
    let role = person::text(&mut e, "company.role", cells.role, 100);
    let create = CompanyInput {
        name: name.clone().or_else(|| domain.clone()),
        domain: domain.clone(),
        source_channel: Some("import".into()),
        ..Default::default()
    }
    .validate(&ctx.companies)
    .map_err(|x| {
        validation(x)
            .into_iter()
            .map(|mut f| {
                f.message = format!("the company cannot be created: {}", f.message);
                f.field = format!("company.{}", f.field);
                f
            })
            .collect()
    });
    e.finish(CompanyLink {
        name,
        domain,
        title,
        role,
        create,
    })
    .map_err(validation)
}

fn check_row(ctx: &Context, input: &RowInput) -> Result<ImportOp, Vec<FieldError>> {
    let region = ctx.region.as_deref();
    let company = match input.company.clone() {
        Some(c) => Some(company_link(ctx, c)?),
        None => None,
    };
    let create = input
        .create
        .clone()
        .validate(region, ctx.today, &ctx.people)
        .map_err(|e| DomainError::Validation(validation(e)));
    let Some(key) = input.key.clone() else {
        return Ok(ImportOp {
            op: BatchOp::Create(create.map_err(validation)?),
            additions: Additions::default(),
            company,
        });
    };
    let key = match key {
        MatchKey::Email(raw) => MatchKey::Email(
            Email::parse(&raw, "emails[0]")
                .map_err(|e| vec![e])?
                .into_inner(),
        ),
        other => other,
    };
    let patch = input
        .patch
        .clone()
        .validate(region, ctx.today, &ctx.people)
        .map_err(validation)?;
    let additions = Additions {
        emails: contact::emails(input.create.emails.clone(), "emails")?,
        phones: contact::phones(input.create.phones.clone(), "phones", region)?,
        tags: tag::tag_names(&input.create.tags, "tags")?,
        addresses: address::addresses(input.create.addresses.clone(), "addresses")?,
        social_profiles: address::profiles(
            input.create.social_profiles.clone(),
            "social_profiles",
        )?,
    };
    Ok(ImportOp {
        op: BatchOp::Upsert {
            key,
            create: Box::new(create),
            patch: Box::new(patch),
        },
        additions,
        company,
    })
}

/// Checks and writes the rows of people imports.
pub struct PeopleImporter(pub(crate) Arc<CustomersPorts>);

#[async_trait]
impl RowImporter for PeopleImporter {
    type Row = ImportOp;
    type Context = Context;

    async fn context(&self, actor: &Actor, imp: &Import) -> DomainResult<Result<Context, String>> {
        let ports = &self.0;
        let people = ports
            .custom_fields
            .list(actor, crate::custom_field::PERSON)
            .await?;
        let columns = (imp.format == ImportFormat::Csv).then_some(imp.columns.as_slice());
        let mapping = if imp.mapping.is_empty() {
            Ok(Mapping::default())
        } else {
            Mapping::check(Some(&imp.mapping), columns, &people)
        };
        let mapping = match mapping {
            Ok(m) => m,
            Err(e) => {
                let why: Vec<String> = e.into_iter().map(|f| f.message).collect();
                return Ok(Err(format!(
                    "the mapping no longer holds: {}",
                    why.join("; ")
                )));
            }
        };
        Ok(Ok(Context {
            mapping,
            match_on: imp.match_on,
            region: ports.people.default_region(actor).await?,
            today: Utc::now().date_naive(),
            companies: ports
                .custom_fields
                .list(actor, crate::custom_field::COMPANY)
                .await?,
            people,
        }))
    }

    fn check(ctx: &Context, raw: RawRow) -> ImportItem {
        let input = raw
            .cells
            .map_err(|e| vec![e])
            .and_then(|cells| row::to_input(&ctx.mapping, &cells, ctx.match_on, &ctx.people));
        let (op, paths) = match input {
            Err(e) => (Err(e), Vec::new()),
            Ok(input) => (
                check_row(ctx, &input).map_err(|e| input.name_columns(e)),
                input.paths,
            ),
        };
        Checked {
            row: raw.row,
            line: raw.line,
            op,
            paths,
        }
    }

    async fn write(
        &self,
        _ctx: &Context,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        rows: Vec<ImportItem>,
        dry_run: bool,
    ) -> DomainResult<Progress> {
        self.0
            .import_writer
            .write(actor, id, from, to, rows, dry_run)
            .await
    }
}
