//! The event types of the customers area: people, companies, who works where, tags,
//! custom fields and imports.

use crm_core::EventType;

pub const PERSON_CREATED: EventType =
    EventType::new("person.created", "person", "A person was added");
pub const PERSON_UPDATED: EventType =
    EventType::new("person.updated", "person", "A person's record changed");
pub const PERSON_DELETED: EventType = EventType::new(
    "person.deleted",
    "person",
    "A person was deleted (restorable)",
);
pub const PERSON_RESTORED: EventType =
    EventType::new("person.restored", "person", "A deleted person was restored");
pub const PERSON_MERGED: EventType = EventType::new(
    "person.merged",
    "person",
    "Duplicates were merged: once for the survivor, once for each record merged into it",
);
pub const PERSON_ERASED: EventType = EventType::new(
    "person.erased",
    "person",
    "A person's personal data was erased on request",
);
pub const PERSON_CONSENT_RECORDED: EventType = EventType::new(
    "person.consent_recorded",
    "person",
    "A person gave or withdrew consent for a channel and purpose",
);
pub const COMPANY_CREATED: EventType =
    EventType::new("company.created", "company", "A company was added");
pub const COMPANY_UPDATED: EventType =
    EventType::new("company.updated", "company", "A company's record changed");
pub const COMPANY_DELETED: EventType = EventType::new(
    "company.deleted",
    "company",
    "A company was deleted (restorable)",
);
pub const COMPANY_RESTORED: EventType = EventType::new(
    "company.restored",
    "company",
    "A deleted company was restored",
);
pub const COMPANY_MERGED: EventType = EventType::new(
    "company.merged",
    "company",
    "Duplicate companies were merged: once for the survivor, once for each merged one",
);
pub const EMPLOYMENT_LINKED: EventType = EventType::new(
    "employment.linked",
    "employment",
    "A person was linked to a company they work at",
);
pub const EMPLOYMENT_UNLINKED: EventType = EventType::new(
    "employment.unlinked",
    "employment",
    "A person was unlinked from a company",
);
pub const TAG_CREATED: EventType =
    EventType::new("tag.created", "tag", "A tag joined the catalogue");
pub const TAG_UPDATED: EventType = EventType::new(
    "tag.updated",
    "tag",
    "A tag was renamed everywhere it is carried",
);
pub const TAG_DELETED: EventType = EventType::new(
    "tag.deleted",
    "tag",
    "A tag left the catalogue and every record that carried it",
);
pub const CUSTOM_FIELD_CREATED: EventType = EventType::new(
    "custom_field.created",
    "custom_field",
    "A custom field was defined",
);
pub const CUSTOM_FIELD_UPDATED: EventType = EventType::new(
    "custom_field.updated",
    "custom_field",
    "A custom field's definition changed",
);
pub const CUSTOM_FIELD_DELETED: EventType = EventType::new(
    "custom_field.deleted",
    "custom_field",
    "A custom field and its values were removed",
);
pub const IMPORT_CREATED: EventType = EventType::new(
    "import.created",
    "import",
    "An uploaded file was stored and queued",
);
pub const IMPORT_CANCELLED: EventType =
    EventType::new("import.cancelled", "import", "An import was cancelled");
pub const IMPORT_COMPLETED: EventType = EventType::new(
    "import.completed",
    "import",
    "An import wrote every row it could (see its errors)",
);
pub const IMPORT_FAILED: EventType = EventType::new(
    "import.failed",
    "import",
    "An import stopped on an error that concerns the whole file",
);

/// Every event type of the area.
pub const ALL: &[EventType] = &[
    PERSON_CREATED,
    PERSON_UPDATED,
    PERSON_DELETED,
    PERSON_RESTORED,
    PERSON_MERGED,
    PERSON_ERASED,
    PERSON_CONSENT_RECORDED,
    COMPANY_CREATED,
    COMPANY_UPDATED,
    COMPANY_DELETED,
    COMPANY_RESTORED,
    COMPANY_MERGED,
    EMPLOYMENT_LINKED,
    EMPLOYMENT_UNLINKED,
    TAG_CREATED,
    TAG_UPDATED,
    TAG_DELETED,
    CUSTOM_FIELD_CREATED,
    CUSTOM_FIELD_UPDATED,
    CUSTOM_FIELD_DELETED,
    IMPORT_CREATED,
    IMPORT_CANCELLED,
    IMPORT_COMPLETED,
    IMPORT_FAILED,
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_customers_event_is_named_by_its_resource_and_a_verb_once() {
        assert!(crm_core::events::malformed(super::ALL).is_empty());
    }
}
