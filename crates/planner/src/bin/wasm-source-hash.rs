//! Prints the hash of the sources the planner's WebAssembly module is built from (see
//! `deload_planner::sources`); `scripts/build-wasm` writes it beside the module, and the
//! freshness test compares it with the sources of the checkout.
//!
//! Usage: `wasm-source-hash [WORKSPACE_ROOT]` (default: the current folder).

fn main() {
    let root = std::env::args_os()
        .nth(1)
        .map_or_else(|| std::path::PathBuf::from("."), std::path::PathBuf::from);
    match deload_planner::sources::hash(&root) {
        Ok(h) => println!("{h}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
