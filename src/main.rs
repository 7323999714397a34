fn main() {
  std::process::exit(stackc::cli::run(std::env::args_os()));
}
