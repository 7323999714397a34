pub mod atomic_write;
pub mod reference_problem;
pub mod regular_file;
pub mod stack_file_reference;
