//! WordprocessingML: one streaming pass over the main document producing tables in order.

mod model;

pub use model::*;
