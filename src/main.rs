fn main() {
  // glibc's fast bins hold small freed blocks apart until a larger request
  // consolidates them all; stackc frees and allocates in large waves, so
  // they cost more than they save (2% of a 10,000-service build, nothing
  // on a small stack). Small blocks are still cached per thread (tcache).
  #[cfg(all(target_os = "linux", target_env = "gnu"))]
  // SAFETY: mallopt only changes the allocator's tuning, which glibc
  // allows at any time.
  unsafe {
    libc::mallopt(libc::M_MXFAST, 0);
  }
  std::process::exit(stackc::cli::run(std::env::args_os()));
}
