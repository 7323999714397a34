fn main() {
  // Two glibc allocator settings, for the way stackc frees and allocates
  // in large waves:
  // - No fast bins: they hold small freed blocks apart until a larger
  //   request consolidates them all, which cost 2% of a 10,000-service
  //   build and saved nothing on a small stack. Small blocks are still
  //   cached per thread (tcache).
  // - A fixed mmap threshold: blocks of 128 KiB and more are mapped on
  //   their own and unmapped when freed. By default glibc raises the
  //   threshold to the size of the first such block freed; large
  //   temporaries are then carved from the heap and leave it fragmented,
  //   6 MiB more at the peak of a 10,000-service build.
  #[cfg(all(target_os = "linux", target_env = "gnu"))]
  // SAFETY: mallopt only changes the allocator's tuning, which glibc
  // allows at any time.
  unsafe {
    libc::mallopt(libc::M_MXFAST, 0);
    libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
  }
  std::process::exit(stackc::cli::run(std::env::args_os()));
}
