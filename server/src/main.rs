use std::process::ExitCode;

/// Stack for the runtime's threads. Rendering a page walks deeply nested view types; 2 MiB
/// (tokio's default) is enough for the release build, but not for a dev build (`make
/// test-site`), whose unoptimised frames are several times larger.
const THREAD_STACK: usize = if cfg!(debug_assertions) {
    16 << 20
} else {
    2 << 20
};

fn main() -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(THREAD_STACK)
        .build()
    {
        Ok(runtime) => runtime.block_on(server::cli::main()),
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}
