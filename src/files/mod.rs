//! Files others may have replaced, read with care (`regular_file`,
//! `stack_file_reference`), and files written whole or not at all
//! (`atomic_write`).

pub mod atomic_write;
pub mod reference_problem;
pub mod regular_file;
pub mod stack_file_reference;
