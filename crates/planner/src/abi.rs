//! The functions the page's JavaScript calls.
//!
//! Strings cross as UTF-8 bytes in the module's memory: the caller reserves `len` bytes with
//! [`deload_alloc`], writes the request there and calls [`deload_plan`] with the pointer and
//! length; the answer stays in the planner until the next call, at [`deload_answer_ptr`] for
//! [`deload_answer_len`] bytes. The request's bytes are freed by [`deload_plan`]. This is the
//! whole interface: no generated glue, no imports.

use std::cell::RefCell;

thread_local! {
    /// The last answer, kept until the next call so the caller can read it.
    static ANSWER: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Reads the request of `len` bytes at `ptr` (reserved by [`deload_alloc`]), frees it, keeps
/// `f`'s answer to it for [`deload_answer_ptr`] and returns the answer's length in bytes. Bytes
/// that are not UTF-8 are answered as a request that is not valid JSON.
///
/// # Safety
///
/// `ptr` must come from `deload_alloc(len)`, with all `len` bytes written, and not be used again.
unsafe fn answer_with(ptr: *mut u8, len: usize, f: fn(&str) -> String) -> usize {
    // SAFETY: the caller passes the boxed slice `deload_alloc(len)` made, and gives it up.
    let bytes: Box<[u8]> = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
    let answer = f(std::str::from_utf8(&bytes).unwrap_or("not UTF-8"));
    drop(bytes);
    let n = answer.len();
    ANSWER.with_borrow_mut(|a| *a = answer);
    n
}

/// Reserves `len` bytes for a request and returns where they start (never null; a dangling but
/// aligned pointer when `len` is 0).
#[unsafe(no_mangle)]
pub extern "C" fn deload_alloc(len: usize) -> *mut u8 {
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast::<u8>()
}

/// Plans the request of `len` bytes at `ptr` (reserved by [`deload_alloc`] with that `len`,
/// holding UTF-8 JSON) and frees it; returns the answer's length in bytes.
///
/// # Safety
///
/// `ptr` must come from `deload_alloc(len)`, with all `len` bytes written, and not be used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn deload_plan(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: the caller's promise, passed on.
    unsafe { answer_with(ptr, len, crate::plan_json) }
}

/// Re-plans the request of `len` bytes at `ptr` (a [`ReplanRequest`](crate::ReplanRequest) as
/// UTF-8 JSON, reserved by [`deload_alloc`] with that `len`) from its training log, and frees
/// it; returns the answer's length in bytes (the answer is read as [`deload_plan`]'s).
///
/// # Safety
///
/// `ptr` must come from `deload_alloc(len)`, with all `len` bytes written, and not be used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn deload_replan(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: the caller's promise, passed on.
    unsafe { answer_with(ptr, len, crate::replan_json) }
}

/// Prints the last plan [`deload_plan`] made as the sheet, with the site's settings of `len`
/// bytes at `ptr` (a [`Sheet`](crate::Sheet) as UTF-8 JSON, reserved by [`deload_alloc`] with
/// that `len`), and frees them; returns the answer's length in bytes (a
/// [`SheetAnswer`](crate::SheetAnswer), read as [`deload_plan`]'s).
///
/// # Safety
///
/// `ptr` must come from `deload_alloc(len)`, with all `len` bytes written, and not be used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn deload_sheet(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: the caller's promise, passed on.
    unsafe { answer_with(ptr, len, crate::sheet_json) }
}

/// Where the last answer starts.
#[unsafe(no_mangle)]
pub extern "C" fn deload_answer_ptr() -> *const u8 {
    ANSWER.with_borrow(|a| a.as_ptr())
}

/// The last answer's length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn deload_answer_len() -> usize {
    ANSWER.with_borrow(String::len)
}
