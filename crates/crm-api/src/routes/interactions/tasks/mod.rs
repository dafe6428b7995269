//! Tasks: what staff must do for customers and by when; a salesperson's day is
//! `GET /v1/tasks?assignee=me&status=open&due_before=…`.

pub mod dto;
pub mod input;

use crm_interactions::catalogue::{TASK_SORT, task_filters};
use crm_interactions::task::{TaskInput, TaskPatchInput};
use dto::{TaskDto, TaskPage};
use input::{CreateTaskRequest, TaskListParams, TaskSearchRequest, UpdateTaskRequest};

crate::record_routes! {
    records: interactions.tasks,
    area: Interactions,
    tag: "tasks",
    noun: "task", a: "a task",
    dto: TaskDto, page: TaskPage,
    collection: "/tasks", item: "/tasks/{id:[0-9a-fA-F-]+}",
    restore: "/tasks/{id:[0-9a-fA-F-]+}/restore", search: "/tasks/search",
    create: CreateTaskRequest => TaskInput,
    update: UpdateTaskRequest => TaskPatchInput,
    conflict: "The task conflicts with another",
    create_note: "A due time queues its reminders: the `task.due` event at that time and `task.overdue` a day later, each sent only if the task is still open and still due then.",
    update_note: "Setting `status` to `done` records `completed_at`; done on a recurring task adds its next occurrence, due by the recurrence in the task's time zone.",
    find: TaskSearchRequest, filters: task_filters(), sort: TASK_SORT,
    list: TaskListParams,
    list_note: "Sortable: `created_at`, `updated_at`, `due_at` (tasks without one last), `id` and `custom_fields.<key>`.",
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "tasks",
    about: "Tasks and follow-ups: what to do for a customer, by whom and by when, with reminders",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(search::search)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore);
}
