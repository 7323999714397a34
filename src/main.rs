fn main() {
  std::process::exit(stackc::run::run(std::env::args_os()));
}
