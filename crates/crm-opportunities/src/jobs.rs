//! The background work the opportunities area owns: running order and opportunity
//! imports.

use crate::OpportunitiesService;
use crm_core::jobs::JobHandler;
use std::sync::Arc;

/// Every job this area runs.
pub fn handlers(service: &OpportunitiesService) -> Vec<Arc<dyn JobHandler>> {
    vec![service.order_import_job(), service.opportunity_import_job()]
}
