//! The language of messages, under the path the audit's modules have always used: it lives in
//! the leaf [`crate::lang`], shared by every stage.

pub use crate::lang::Lang;
